// Summaries of closed days (issue 23): 7- and 30-day panels read a summary,
// today's bucket and the tail, and show exactly what the buckets show, in
// fewer bytes; a late fold into a closed day deletes the summary.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { breakdown } from "./dashboard";
import { seedNewViews, syntheticViews } from "./dashboard.fixtures";
import { MAX_PATH_LENGTH } from "./constants";
import { keptRows, packRows, SUMMARY_FORMAT, SUMMARY_MAX_BYTES, SUMMARY_ROWS, summaryCovers, unpackRows } from "./dashboard.summary";
import { emptyRow } from "./dashboard.fold";
import { bucketStart } from "./dashboard.time";
import { measureQuery, post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
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

  test("a 30-day summary counts every day's visitor documents, a set's appended hashes too", async () => {
    await seedNewViews(t, syntheticViews({ views: 1_200, days: 35, paths: 10, sources: 3, countries: 2, now: NOW - 3 * HOUR, seed: 6 }), 150);
    await rollupUntilQuiet();
    // A set of a busy day takes new visitors in a second document (writeVisitors): give every closed day one.
    await t.run(async (ctx) => {
      const sets = await ctx.db.query("dashboardVisitors").collect();
      let hash = 1;
      for (const set of sets) {
        if (set.dimension !== "country" || set.period !== "day" || set.start >= bucketStart("day", NOW, ZONE)) continue;
        const fresh = Uint32Array.from({ length: 5 }, () => (hash++ * 2_654_435_761) >>> 0);
        await ctx.db.insert("dashboardVisitors", { dimension: set.dimension, value: set.value, period: set.period, start: set.start, hashes: fresh.buffer });
      }
    });
    await dropSummaries();
    await rollupUntilQuiet();
    const fromSummary = await t.query(api.dashboard.breakdown, args("30d", "country"));
    await dropSummaries();
    const fromBuckets = await t.query(api.dashboard.breakdown, args("30d", "country"));
    expect(fromBuckets.visitorsApproximate).toBe(false);
    expect(fromSummary).toEqual(fromBuckets);
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
    expect(unpackRows(packed)).toEqual(rows.slice(0, 3));
  });
});

// Scroll depth (issue 20) in summaries: the Pages panel's Scroll column gives
// the same mean whichever store answers it.
describe("scroll depth from summaries", () => {
  const DAY = 24 * HOUR;
  const PATHS = ["/p-1", "/p-2", "/p-3"];
  const READERS = 3;
  /** Each view's reported depths (none for some), as the tab would send them over time. */
  const depthsOf = (day: number, reader: number): number[] => {
    const depth = (((day * 7 + reader * 13) % 90) + 10) / 100;
    if (reader === 2 && day % 2 === 0) return [];
    return reader === 1 ? [Math.max(0.05, depth - 0.3), depth] : [depth];
  };

  /** Views with scroll reports over the last 12 closed days and this morning; the mean depth per path and range. */
  async function playScrolls(): Promise<Map<string, number>> {
    const today = bucketStart("day", NOW, ZONE);
    const sums = new Map<string, { sum: number; views: number }>();
    for (let day = 12; day >= 0; day--) {
      for (let reader = 0; reader < READERS; reader++) {
        const path = PATHS[(day + reader) % PATHS.length]!;
        const sid = sessionId(day * 10 + reader + 1);
        setNow(today - day * DAY + 8 * HOUR + reader * 10 * 60_000);
        await t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sid, context: { country: "DE" } });
        const depths = depthsOf(day, reader);
        for (const scrollDepth of depths.length === 0 ? [undefined] : depths) {
          setNow(now + 60_000);
          await t.mutation(api.stats.recordEngagement, { sessionId: sid, path, engagedMs: 30_000, ...(scrollDepth === undefined ? {} : { scrollDepth }) });
        }
        if (depths.length === 0) continue;
        for (const range of ["7d", "30d"] as const) {
          if (range === "7d" && day > 6) continue;
          const key = `${range}|${path}`;
          const acc = sums.get(key) ?? { sum: 0, views: 0 };
          acc.sum += Math.max(...depths);
          acc.views += 1;
          sums.set(key, acc);
        }
      }
    }
    setNow(NOW);
    return new Map([...sums].map(([key, { sum, views }]) => [key, sum / views]));
  }

  test("the 7- and 30-day Pages panel from a summary shows each page's mean depth, as the buckets do", async () => {
    const expected = await playScrolls();
    await rollupUntilQuiet();
    expect(await summaries()).toHaveLength(2 * 13);
    const pageSummaries = (await summaries()).filter((s) => s.dimension === "page");
    expect(pageSummaries.map((s) => [s.format, s.floor, s.scroll?.byteLength])).toEqual([
      [SUMMARY_FORMAT, 0, 16 * PATHS.length],
      [SUMMARY_FORMAT, 0, 16 * PATHS.length],
    ]);

    const fromSummary = new Map<string, unknown>();
    for (const range of ["7d", "30d"] as const) {
      const result = await t.query(api.dashboard.breakdown, args(range, "page"));
      for (const path of PATHS) {
        const row = result.rows.find((r) => r.value === path);
        expect(row?.scroll, `${range} ${path}`).toBeCloseTo(expected.get(`${range}|${path}`)!, 6);
      }
      fromSummary.set(range, result);
    }
    await dropSummaries();
    for (const range of ["7d", "30d"] as const) {
      expect(fromSummary.get(range), range).toEqual(await t.query(api.dashboard.breakdown, args(range, "page")));
    }
  }, 120_000);

  test("a summary stored before scroll depth is not read, and the rollup builds it again", async () => {
    const expected = await playScrolls();
    await rollupUntilQuiet();
    const built = await t.query(api.dashboard.breakdown, args("30d", "page"));
    // What a deployment from before this format holds: no format, no scroll.
    await t.run(async (ctx) => {
      for (const doc of await ctx.db.query("dashboardRangeCounts").collect()) {
        const { _id, _creationTime, format, scroll, ...old } = doc;
        void [_creationTime, format, scroll];
        await ctx.db.replace("dashboardRangeCounts", _id, old);
      }
    });
    for (const range of ["7d", "30d"] as const) {
      const rows = (await t.query(api.dashboard.breakdown, args(range, "page"))).rows;
      for (const path of PATHS) expect(rows.find((r) => r.value === path)?.scroll, `${range} ${path}`).toBeCloseTo(expected.get(`${range}|${path}`)!, 6);
    }
    expect(await t.query(api.dashboard.breakdown, args("30d", "page"))).toEqual(built);

    for (let i = 0; i < 2 * 13; i++) await t.mutation(internal.dashboard.rollup, { chain: true });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const rebuilt = await summaries();
    expect(rebuilt).toHaveLength(2 * 13);
    expect(rebuilt.every((s) => s.format === SUMMARY_FORMAT)).toBe(true);
    expect(await t.query(api.dashboard.breakdown, args("30d", "page"))).toEqual(built);
  }, 120_000);

  test("packed rows keep scroll depth; the largest page summary stays far under a document's 1 MiB", () => {
    const rows = [
      { ...emptyRow("/a"), views: 3, engagedMs: 1_500.5, scrollSum: 1.37, scrollViews: 2 },
      { ...emptyRow("/b"), views: 2 },
      { ...emptyRow("/c"), views: 1, scrollSum: 0.25, scrollViews: 0 },
    ];
    expect(unpackRows(packRows(rows))).toEqual(rows);
    expect(packRows(rows.slice(1, 2)).scroll).toBeUndefined();

    // SUMMARY_ROWS rows, each path at MAX_PATH_LENGTH (ASCII: a browser sends paths percent-encoded), with depth.
    const widest = Array.from({ length: SUMMARY_ROWS }, (_, i) => ({ ...emptyRow(`/${String(i).padStart(MAX_PATH_LENGTH - 1, "x")}`), views: 1, scrollSum: 0.5, scrollViews: 1 }));
    const packed = packRows(widest);
    const bytes = packed.values.reduce((sum, value) => sum + new TextEncoder().encode(value).length, 0) + packed.counts.byteLength + packed.engaged.byteLength + packed.scroll!.byteLength;
    expect(packed.scroll!.byteLength).toBe(16 * SUMMARY_ROWS);
    expect(bytes).toBe(SUMMARY_ROWS * (MAX_PATH_LENGTH + 5 * 4 + 8 + 16));
    expect(bytes).toBeLessThan(0.6 * 2 ** 20);
    expect(keptRows("page", widest)).toEqual({ kept: widest, floor: 0 });
  });

  test("paths outside ASCII: a summary keeps the rows that fit a document, the rest under floor", () => {
    // 3 bytes a character in UTF-8: SUMMARY_ROWS of them would be 1.58 MB.
    const wide = Array.from({ length: SUMMARY_ROWS + 5 }, (_, i) => ({
      ...emptyRow(`/${String(i).padStart(4, "0")}${"€".repeat(MAX_PATH_LENGTH - 5)}`),
      views: 2_000 - i,
      scrollSum: 0.5,
      scrollViews: 1,
    }));
    const { kept, floor } = keptRows("page", wide);
    const packed = packRows(kept);
    const bytes = packed.values.reduce((sum, value) => sum + new TextEncoder().encode(value).length, 0) + packed.counts.byteLength + packed.engaged.byteLength + packed.scroll!.byteLength;
    expect(kept.length).toBeGreaterThan(400);
    expect(kept.length).toBeLessThan(SUMMARY_ROWS);
    expect(bytes).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(floor).toBe(wide[kept.length]!.views);
  });
});
