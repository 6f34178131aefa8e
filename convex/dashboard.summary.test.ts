// Summaries of closed days (issue 23): 7- and 30-day panels read a summary,
// today's bucket and the tail, and show exactly what the buckets show, in
// fewer bytes; a late fold into a closed day deletes the summary.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { breakdown } from "./dashboard";
import { seedNewViews, syntheticViews } from "./dashboard.fixtures";
import { packRows, SUMMARY_ROWS, summaryCovers, unpackRows } from "./dashboard.summary";
import { emptyRow } from "./dashboard.fold";
import { bucketStart } from "./dashboard.time";
import { measureQuery, post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { attachInternals } from "../local/convexTestInternals";
import { initConvexTest } from "./test.setup";
import type { StatsDimension, StatsRange } from "./validators";

const ZONE = "Europe/Berlin";
const HOUR = 3_600_000;
// Friday 20 November 2026, 10:00 in Berlin.
const NOW = Date.UTC(2026, 10, 20, 9);
const PANELS: StatsDimension[] = ["page", "entry", "exit", "source", "country", "device"];

let t: StatsTest;
let now = NOW;
const setNow = (ts: number) => {
  now = ts;
  vi.setSystemTime(now);
};

beforeEach(async () => {
  vi.useFakeTimers();
  setNow(NOW);
  vi.stubEnv("SITE_TIME_ZONE", ZONE);
  t = initConvexTest({ transactionLimits: true });
  attachInternals(t);
  await seedContent(t, { posts: [post("p-1", "Post 1")] });
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

const args = (range: StatsRange, dimension: StatsDimension) => ({ range, anchor: bucketStart("hour", now, ZONE), filters: [], dimension });

async function rollupUntilQuiet() {
  for (let i = 0; i < 200; i++) {
    await t.mutation(internal.dashboard.rollup, { chain: true });
    const missing = await t.run(async (ctx) => (await ctx.db.query("dashboardRangeCounts").collect()).length);
    if (missing >= 2 * 13) break;
  }
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

const summaries = () => t.run(async (ctx) => await ctx.db.query("dashboardRangeCounts").collect());
const dropSummaries = () =>
  t.run(async (ctx) => {
    for (const doc of await ctx.db.query("dashboardRangeCounts").collect()) await ctx.db.delete("dashboardRangeCounts", doc._id);
  });

describe("summaries of closed days", () => {
  test("panels read far fewer bytes and show exactly what the buckets show", async () => {
    // 40 days of traffic over 400 paths.
    await seedNewViews(t, syntheticViews({ views: 2_500, days: 40, paths: 400, sources: 40, countries: 12, now: NOW - 10 * 60_000, seed: 3 }), 150);
    await rollupUntilQuiet();
    const built = await summaries();
    expect(built).toHaveLength(2 * 13);

    const withSummary = new Map<string, { rows: unknown; bytes: number; docs: number }>();
    for (const range of ["7d", "30d"] as const) {
      for (const dimension of PANELS) {
        const { result, usage } = await measureQuery(t, breakdown, args(range, dimension));
        withSummary.set(`${range}|${dimension}`, { rows: result, bytes: usage.bytesRead, docs: usage.documentsRead });
      }
    }
    await dropSummaries();
    for (const range of ["7d", "30d"] as const) {
      for (const dimension of PANELS) {
        const { result, usage } = await measureQuery(t, breakdown, args(range, dimension));
        const fast = withSummary.get(`${range}|${dimension}`)!;
        expect(fast.rows, `${range} ${dimension}`).toEqual(result);
        // Entry and exit rows are a visit or two per path here, so a row the summary left out could reach
        // the panel: those read the buckets (same figures). Devices are few: both ways read little.
        if (range === "30d" && ["page", "source", "country"].includes(dimension)) expect(fast.bytes, `${range} ${dimension}`).toBeLessThan(usage.bytesRead / 2);
      }
    }
  }, 300_000);

  test("a late report into a closed day deletes the summaries that cover it; figures stay exact", async () => {
    const yesterdayLate = bucketStart("day", NOW, ZONE) - 10 * 60_000;
    await seedNewViews(t, syntheticViews({ views: 400, days: 10, paths: 20, sources: 5, countries: 3, now: NOW - 3 * HOUR, seed: 4 }), 100);
    setNow(yesterdayLate);
    await t.mutation(api.stats.recordPageView, { path: "/p-1", pageType: "blog", sessionId: sessionId(9_999), context: { country: "NZ" } });
    setNow(NOW);
    await rollupUntilQuiet();
    expect(await summaries()).toHaveLength(2 * 13);

    const pageRow = async () => (await t.query(api.dashboard.breakdown, args("7d", "page"))).rows.find((r) => r.value === "/p-1")!;
    const engaged = (row: { engagedMs: number | null; visitors: number }) => Math.round(row.engagedMs! * row.visitors);
    const before = await pageRow();

    // The reader's tab reports 40 s on yesterday's view: it folds into yesterday.
    await t.mutation(api.stats.recordEngagement, { sessionId: sessionId(9_999), path: "/p-1", engagedMs: 40_000 });
    await t.mutation(internal.dashboard.rollup, { chain: true });
    const left = await summaries();
    expect(left.every((s) => s.end === bucketStart("day", NOW, ZONE))).toBe(true);
    expect(left.length).toBeLessThan(2 * 13);
    const after = await pageRow();
    expect(engaged(after)).toBe(engaged(before) + 40_000);

    // Built again, the summaries give the same rows as the buckets.
    await rollupUntilQuiet();
    expect(await summaries()).toHaveLength(2 * 13);
    const rebuilt = await t.query(api.dashboard.breakdown, args("7d", "page"));
    expect(rebuilt.rows.find((r) => r.value === "/p-1")).toEqual(after);
    await dropSummaries();
    expect(await t.query(api.dashboard.breakdown, args("7d", "page"))).toEqual(rebuilt);
  }, 300_000);

  test("a summary answers only when no row it left out could be shown", () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ ...emptyRow(`/p-${i}`), views: 50 + i }));
    const summary = { id: "x" as never, rows: new Map(rows.map((r) => [r.value, r])), floor: 10 };
    const shown = [...rows].reverse();
    const merged = new Map(summary.rows);
    expect(summaryCovers("page", summary, merged, shown)).toBe(true);
    merged.set("/new", { ...emptyRow("/new"), views: 40 });
    expect(summaryCovers("page", summary, merged, shown)).toBe(false);
    expect(summaryCovers("page", { ...summary, floor: 60 }, new Map(summary.rows), shown)).toBe(false);
    expect(SUMMARY_ROWS).toBeGreaterThan(100);
    const packed = packRows(rows.slice(0, 3));
    expect(unpackRows(packed.values, packed.counts, packed.engaged)).toEqual(rows.slice(0, 3));
  });
});
