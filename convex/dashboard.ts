// STUB for the UI branch (wt/dashui): the signatures of the #9 dashboard
// contract with empty answers, so the /stats UI typechecks. The data branch
// (wt/dashdata) owns the real module and replaces this file whole.
import { v, type Infer } from "convex/values";
import { query } from "./_generated/server";
import {
  dashboardArgs,
  dashboardBreakdown,
  dashboardSeries,
  dashboardSettings,
  dashboardSummary,
  statsDimension,
} from "./validators";

export const settings = query({
  args: {},
  returns: dashboardSettings,
  handler: async (): Promise<Infer<typeof dashboardSettings>> => ({ timeZone: "UTC", access: "public" }),
});

export const checkKey = query({
  args: { key: v.string() },
  returns: v.union(v.literal("owner"), v.literal("share"), v.null()),
  handler: async (): Promise<"owner" | "share" | null> => null,
});

const emptyHeadline = { visitors: 0, visits: 0, views: 0, viewsPerVisit: 0, bounceRate: 0, visitDurationMs: 0 };

export const summary = query({
  args: dashboardArgs,
  returns: dashboardSummary,
  handler: async (): Promise<Infer<typeof dashboardSummary>> => ({ current: emptyHeadline, previous: null, visitorsApproximate: false, catchingUp: false }),
});

export const series = query({
  args: dashboardArgs,
  returns: dashboardSeries,
  handler: async (): Promise<Infer<typeof dashboardSeries>> => ({ granularity: "day", timeZone: "UTC", points: [], published: [], catchingUp: false }),
});

export const breakdown = query({
  args: { ...dashboardArgs, dimension: statsDimension },
  returns: dashboardBreakdown,
  handler: async (): Promise<Infer<typeof dashboardBreakdown>> => ({ rows: [], truncated: false, catchingUp: false }),
});
