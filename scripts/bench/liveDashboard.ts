// Dashboard side of `npm run bench:live`: the real ConvexClient subscribes to
// getStats and every /stats dashboard query with the arguments the page sends
// (default range, the hour anchor, no filters; every tab of every panel, where
// the page holds only the shown tab), then records views one at a time, each
// a new visitor with its own source, campaign, device, browser, OS and
// country, and times how long every affected panel takes to report it.
import { randomUUID } from "node:crypto";
import { ConvexClient } from "convex/browser";
import WebSocket from "ws";
import { api } from "../../convex/_generated/api";
import type { DashboardBreakdown, DashboardSeries, DashboardSummary, Stats, StatsDimension, VisitContext } from "../../convex/validators.ts";
import { ANCHOR_STEP_MS, DEFAULT_RANGE, DIMENSIONS } from "../../src/pages/stats/dashboard/params.ts";

/** One view: where it lands, and what it says about its visitor. */
export type BenchView = { path: string; context: Required<Omit<VisitContext, "entryPath">> };

const DEVICES = ["mobile", "tablet", "laptop", "desktop"] as const;
const BROWSERS = ["Chrome", "Firefox", "Safari", "Edge"];
const SYSTEMS = ["Android", "iOS", "Windows", "macOS", "Linux"];
const COUNTRIES = ["DE", "FR", "US", "JP", "BR", "IN", "NG", "AU", "CA", "SE", "ES", "IT", "PL", "NL", "MX", "KR"];

/** View `i`: a source and campaign no other view of a run uses; the closed sets cycle. */
export function benchView(i: number, paths: string[]): BenchView {
  return {
    path: paths[i % paths.length]!,
    context: {
      referrerHost: `r${i}.example`,
      utmSource: `src-${i}`,
      utmMedium: `medium-${i}`,
      utmCampaign: `campaign-${i}`,
      device: DEVICES[i % DEVICES.length]!,
      browser: BROWSERS[i % BROWSERS.length]!,
      os: SYSTEMS[i % SYSTEMS.length]!,
      country: COUNTRIES[i % COUNTRIES.length]!,
    },
  };
}

/** The value a view adds to in each breakdown (a new visitor's view is its visit's entry and, for now, its exit). */
function valueOf(view: BenchView, dimension: StatsDimension): string {
  const { context: c } = view;
  const values: Record<StatsDimension, string> = {
    page: view.path,
    entry: view.path,
    exit: view.path,
    source: c.referrerHost,
    channel: c.referrerHost === "" ? "Direct" : "Referral",
    sourceHost: c.referrerHost,
    utmSource: c.utmSource,
    utmMedium: c.utmMedium,
    utmCampaign: c.utmCampaign,
    device: c.device,
    browser: c.browser,
    os: c.os,
    country: c.country,
  };
  return values[dimension];
}

/** A live subscription and the count it last reported for the view being timed. */
type Panel = { name: string; count: (view: BenchView) => number | null };

export type DashboardTimes = {
  /** Per view: milliseconds from the recordPageView call until the last panel reported it. */
  all: number[];
  /** Per panel: the same, until that panel reported it. */
  byPanel: Map<string, number[]>;
};

/**
 * Records `views` through `client` and resolves with the time each took to
 * reach every panel. Each view waits for the previous one to be everywhere.
 */
export async function timeDashboardViews(backendUrl: string, views: BenchView[], timeoutMs = 15_000): Promise<DashboardTimes> {
  // The viewer and the reader are separate connections, as in a browser: a
  // client's own mutation is answered with its queries already fresh, which
  // would skip the path every other viewer's update takes.
  const connect = () => new ConvexClient(backendUrl, { webSocketConstructor: WebSocket as never, unsavedChangesWarning: false });
  const client = connect();
  const reader = connect();
  const anchor = Date.now() - (Date.now() % ANCHOR_STEP_MS);
  const args = { range: DEFAULT_RANGE, anchor, filters: [] };
  const latest = new Map<string, unknown>();
  let onChange = () => {};
  const watch = <T>(name: string, subscribe: (cb: (value: T) => void) => () => void) =>
    subscribe((value) => {
      latest.set(name, value);
      onChange();
    });
  const stops = [
    // The page's cards (Total Views and the rest) come from getStats.
    watch<Stats>("cards", (cb) => client.onUpdate(api.stats.getStats, {}, cb)),
    watch<DashboardSummary>("summary", (cb) => client.onUpdate(api.dashboard.summary, args, cb)),
    watch<DashboardSeries>("series", (cb) => client.onUpdate(api.dashboard.series, args, cb)),
    ...DIMENSIONS.map((dimension) =>
      watch<DashboardBreakdown>(dimension, (cb) => client.onUpdate(api.dashboard.breakdown, { ...args, dimension }, cb)),
    ),
  ];
  const panels: Panel[] = [
    { name: "cards", count: () => (latest.get("cards") as Stats | undefined)?.totalPageViews ?? null },
    { name: "summary", count: () => (latest.get("summary") as DashboardSummary | undefined)?.current.views ?? null },
    {
      // The chart's last point is today's (the range ends today).
      name: "series",
      count: () => (latest.get("series") as DashboardSeries | undefined)?.points.at(-1)?.views ?? null,
    },
    ...DIMENSIONS.map((dimension) => ({
      name: dimension,
      count: (view: BenchView) => {
        const panel = latest.get(dimension) as DashboardBreakdown | undefined;
        if (panel === undefined) return null;
        return panel.rows.find((row) => row.value === valueOf(view, dimension))?.views ?? 0;
      },
    })),
  ];
  const times: DashboardTimes = { all: [], byPanel: new Map(panels.map((p) => [p.name, []])) };
  try {
    await waitFor(() => panels.every((p) => latest.has(p.name)), timeoutMs, (cb) => (onChange = cb), () => "the dashboard's first results");
    for (const view of views) {
      const before = new Map(panels.map((p) => [p.name, p.count(view) ?? 0]));
      const seen = new Map<string, number>();
      // Updates can arrive before the mutation's promise settles: stamp them as they come.
      const start = performance.now();
      const check = () => {
        for (const p of panels) {
          if (seen.has(p.name)) continue;
          const count = p.count(view);
          if (count !== null && count > before.get(p.name)!) seen.set(p.name, performance.now() - start);
        }
        return seen.size === panels.length;
      };
      onChange = check;
      await reader.mutation(api.stats.recordPageView, { path: view.path, pageType: "blog", sessionId: randomUUID(), context: view.context });
      await waitFor(check, timeoutMs, (cb) => (onChange = cb), () => `a view of ${view.path} in every panel (seen in: ${[...seen.keys()].join(", ") || "none"})`);
      for (const [name, ms] of seen) times.byPanel.get(name)!.push(ms);
      times.all.push(Math.max(...seen.values()));
    }
  } finally {
    for (const stop of stops) stop();
    await Promise.all([client.close(), reader.close()]);
  }
  return times;
}

/** Resolves once `done()` holds, re-checking on every subscription update. */
function waitFor(done: () => boolean, timeoutMs: number, listen: (cb: () => void) => void, what: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`)), timeoutMs);
    const check = () => {
      if (!done()) return;
      clearTimeout(timer);
      listen(() => {});
      resolve();
    };
    listen(check);
    check();
  });
}
