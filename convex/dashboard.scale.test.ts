// 20,000 views (100,000 with SCALE_VIEWS) over a year, 500 paths, 300 sources and 60 countries, with
// Convex's transaction limits on, folded by both rollups: the dashboard's
// buckets and getStats' per-path totals. Every rollup transaction stays within
// the limits, the folded figures match an independent count of the seeded
// events, and every panel and the chart read at most 5,000 documents.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { MAX_BREAKDOWN_ROWS } from "./constants";
import { breakdown, rollup, series, summary } from "./dashboard";
import { seedNewViews, syntheticViews } from "./dashboard.fixtures";
import { VIEW_BATCH } from "./dashboard.rollup";
import { getStats, rollupPageViews } from "./stats";
import { ROLLUP_BATCH } from "./stats.rollup";
import { measureMutation, measureQuery, post, seedContent, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { Stats, StatsDimension, StatsFilter, StatsRange } from "./validators";

/**
 * 20,000 in `npm test`; `SCALE_VIEWS=100000 npx vitest run convex/dashboard.scale.test.ts`
 * runs the full size (about ten minutes on a 2-core machine with the per-value rollup).
 */
// eslint-disable-next-line @convex-dev/no-process-env -- the test's size, read by vitest, not a deployment setting
const VIEWS = Number(process.env.SCALE_VIEWS ?? 20_000);
const MAX_DOCS_PER_QUERY = 5_000;
const TIME_ZONE = "Europe/Berlin";
const NOW = Date.UTC(2025, 11, 31, 12);
const views = syntheticViews({ views: VIEWS, days: 365, paths: 500, sources: 300, countries: 60, now: NOW - 2 * 86_400_000, seed: 5 });
const last = Math.max(...views.map((v) => v.timestamp));
const anchor = last - (last % 3_600_000);
const RANGES: StatsRange[] = ["today", "yesterday", "24h", "7d", "30d", "month", "12mo", "all"];
const DIMENSIONS: StatsDimension[] = ["page", "entry", "exit", "source", "utmSource", "utmMedium", "utmCampaign", "device", "browser", "os", "country"];
/**
 * Views per seeding transaction. Real views commit one at a time; a rollup
 * never splits a commit, so commits this small let each run fold nearly a
 * full batch, as it would in production.
 */
const VIEWS_PER_COMMIT = 50;

const LIMITS = { documentsRead: 32_000, bytesRead: 16 * 2 ** 20, indexRanges: 4_096, documentsWritten: 16_000, bytesWritten: 16 * 2 ** 20 };
type Peak = { runs: number } & { [K in keyof typeof LIMITS]: number };
const peaks: Record<"dashboard" | "stats", Peak> = {
  dashboard: { runs: 0, documentsRead: 0, bytesRead: 0, indexRanges: 0, documentsWritten: 0, bytesWritten: 0 },
  stats: { runs: 0, documentsRead: 0, bytesRead: 0, indexRanges: 0, documentsWritten: 0, bytesWritten: 0 },
};

let t: StatsTest;

/** Runs one rollup's handler until its watermark reaches the last commit, keeping each run's peak usage. */
async function drain(name: keyof typeof peaks, fn: unknown, args: Record<string, unknown>, watermark: () => Promise<bigint | null>) {
  const lastCommit = await t.run(async (ctx) => (await ctx.db.query("pageViews").withIndex("by_commitTs").order("desc").first())?.commitTs);
  const peak = peaks[name];
  while ((await watermark()) !== lastCommit) {
    // With transactionLimits on, a run past any Convex limit throws here.
    const { usage } = await measureMutation<Record<string, unknown>, null>(t, fn, args);
    peak.runs++;
    for (const key of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) peak[key] = Math.max(peak[key], usage[key]);
    if (peak.runs > VIEWS) throw new Error(`${name} rollup makes no progress`);
  }
}

beforeAll(async () => {
  // Not Intl: vitest's fake Intl.DateTimeFormat makes every bucket boundary slow.
  vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
  vi.setSystemTime(last + 60_000);
  vi.stubEnv("SITE_TIME_ZONE", TIME_ZONE);
  t = initConvexTest({ transactionLimits: true });
  await seedContent(t, { posts: Array.from({ length: 50 }, (_, i) => post(`p-${i}`, `Post ${i}`)) });
  await seedNewViews(t, views, VIEWS_PER_COMMIT);
  await drain("dashboard", rollup, { chain: true }, () =>
    t.run(async (ctx) => (await ctx.db.query("dashboardRollupState").first())?.viewsWatermark ?? null),
  );
  await drain("stats", rollupPageViews, {}, () =>
    t.run(async (ctx) => (await ctx.db.query("pageViewTotals").first())?.watermark ?? null),
  );
}, 1_200_000);

afterAll(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE });
const dayOf = (ts: number) => dayFormat.format(ts);
const monthOf = (ts: number) => dayOf(ts).slice(0, 7);

type View = (typeof views)[number];

/** Views and distinct visitors per key, counted straight from the seeded events (each view in its visit's start). */
function countBy(keyOf: (v: View) => string) {
  const counts = new Map<string, { views: number; sessions: Set<string> }>();
  for (const v of views) {
    const key = keyOf(v);
    let c = counts.get(key);
    if (c === undefined) counts.set(key, (c = { views: 0, sessions: new Set() }));
    c.views++;
    c.sessions.add(v.sessionId);
  }
  return new Map([...counts].map(([key, c]) => [key, { views: c.views, visitors: c.sessions.size }]));
}

describe(`${VIEWS.toLocaleString("en-US")} views with transaction limits`, () => {
  test("the data has the benchmark's shape", () => {
    expect(views.length).toBe(VIEWS);
    expect(new Set(views.map((v) => v.path)).size).toBeGreaterThan(450);
    expect(new Set(views.map((v) => v.referrerHost)).size).toBeGreaterThan(250);
    expect(new Set(views.map((v) => v.country)).size).toBe(60);
    expect(last - views[0]!.timestamp).toBeGreaterThan(360 * 86_400_000);
  });

  test("every rollup transaction stayed within Convex's limits, with room to spare", () => {
    console.info(`rollup peaks per transaction at ${VIEWS.toLocaleString("en-US")} views: ${JSON.stringify(peaks)}`);
    expect(peaks.dashboard.runs).toBeGreaterThan(VIEWS / VIEW_BATCH);
    expect(peaks.stats.runs).toBeGreaterThan(VIEWS / ROLLUP_BATCH);
    for (const peak of Object.values(peaks)) {
      for (const key of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) expect({ key, used: peak[key] < LIMITS[key] / 2 }).toEqual({ key, used: true });
    }
  });

  test("all time counts every view, visitor and visit", async () => {
    const all = await t.query(api.dashboard.summary, { range: "all", anchor, filters: [] });
    expect(all.catchingUp).toBe(false);
    expect(all.current.views).toBe(VIEWS);
    expect(all.current.visitors).toBe(new Set(views.map((v) => v.sessionId)).size);
    expect(all.current.visits).toBe(views.filter((v) => v.visitStart === v.timestamp).length);
  });

  test("the chart's days and months match the events, visitors exact per bucket", async () => {
    const byDay = countBy((v) => dayOf(v.visitStart!));
    const days = await t.query(api.dashboard.series, { range: "30d", anchor, filters: [] });
    expect(days.granularity).toBe("day");
    expect(days.points).toHaveLength(30);
    for (const point of days.points) {
      const expected = byDay.get(dayOf(point.start)) ?? { views: 0, visitors: 0 };
      expect({ day: dayOf(point.start), views: point.views, visitors: point.visitors }).toEqual({ day: dayOf(point.start), ...expected });
    }
    const byMonth = countBy((v) => monthOf(v.visitStart!));
    const months = await t.query(api.dashboard.series, { range: "12mo", anchor, filters: [] });
    expect(months.granularity).toBe("month");
    for (const point of months.points) {
      const expected = byMonth.get(monthOf(point.start)) ?? { views: 0, visitors: 0 };
      expect({ month: monthOf(point.start), views: point.views, visitors: point.visitors }).toEqual({ month: monthOf(point.start), ...expected });
    }
  }, 60_000);

  test.each([
    ["country", (v: View) => v.country ?? ""],
    ["device", (v: View) => v.device ?? ""],
    ["source", (v: View) => v.referrerHost ?? ""],
    ["utmSource", (v: View) => v.utmSource ?? ""],
    ["page", (v: View) => v.path],
  ] as const)("all time, the %s panel's rows match the events, visitors distinct over the whole range", async (dimension, valueOf) => {
    const expected = countBy((v) => valueOf(v));
    const panel = await t.query(api.dashboard.breakdown, { range: "all", anchor, filters: [], dimension, limit: MAX_BREAKDOWN_ROWS });
    expect(panel.catchingUp).toBe(false);
    expect(panel.rows.length).toBe(Math.min(100, expected.size));
    for (const row of panel.rows) {
      expect({ value: row.value, views: row.views, visitors: row.visitors }).toEqual({
        value: row.value,
        views: expected.get(row.value)?.views,
        visitors: expected.get(row.value)?.visitors,
      });
    }
  }, 60_000);

  test("getStats is exact from the folded totals and reads a few hundred documents", async () => {
    const { result, usage } = await measureQuery<Record<string, never>, Stats>(t, getStats, {});
    expect(result.catchingUp).toBe(false);
    expect(result.totalPageViews).toBe(VIEWS);
    expect(result.uniqueVisitors).toBe(new Set(views.map((v) => v.sessionId)).size);
    expect(result.trackingSince).toBe(views[0]!.timestamp);
    const perPath = countBy((v) => v.path);
    expect(new Map(result.pageStats.map((row) => [row.path, row.views]))).toEqual(new Map([...perPath].map(([path, c]) => [path, c.views])));
    // The totals row, the live content generation, one row per path, the published posts; no tail, no active sessions.
    expect(usage.documentsRead).toBe(2 + perPath.size + 50);
  });

  test.each(RANGES)("range %s: summary, chart and every panel read at most 5,000 documents", async (range) => {
    const filters: StatsFilter[] = [];
    const reads: Record<string, number> = {};
    const base = { range, anchor, filters };
    reads.summary = (await measureQuery(t, summary, base)).usage.documentsRead;
    reads.series = (await measureQuery(t, series, base)).usage.documentsRead;
    for (const dimension of DIMENSIONS) {
      // Every row, as "Show all" and the CSVs ask: the most a panel reads.
      reads[dimension] = (await measureQuery(t, breakdown, { ...base, dimension, limit: MAX_BREAKDOWN_ROWS })).usage.documentsRead;
    }
    for (const [name, read] of Object.entries(reads)) expect({ name, read: Math.min(read, MAX_DOCS_PER_QUERY + 1) }).toEqual({ name, read: Math.min(read, MAX_DOCS_PER_QUERY) });
  }, 60_000);

  test("a single filter is exact at any size and reads at most 5,000 documents; two filters become a marked sample", async () => {
    const mobile = views.filter((v) => v.device === "mobile");
    expect(mobile.length).toBeGreaterThan(VIEWS / 10);
    for (const range of ["30d", "all"] as const) {
      const { usage } = await measureQuery(t, summary, { range, anchor, filters: [{ dimension: "country", value: views[0]!.country! }] });
      expect(usage.documentsRead).toBeLessThanOrEqual(MAX_DOCS_PER_QUERY);
    }
    const exact = await t.query(api.dashboard.summary, { range: "all", anchor, filters: [{ dimension: "device", value: "mobile" }] });
    expect(exact.sampleVisits).toBeNull();
    expect(exact.current.views).toBe(mobile.length);
    expect(exact.current.visits).toBe(mobile.filter((v) => v.visitStart === v.timestamp).length);
    expect(exact.current.visitors).toBe(new Set(mobile.map((v) => v.sessionId)).size);
    const two = await measureQuery<unknown, { sampleVisits: number | null; current: { views: number } }>(t, summary, {
      range: "all",
      anchor,
      filters: [{ dimension: "device", value: "mobile" }, { dimension: "browser", value: "Chrome" }],
    });
    expect(two.usage.documentsRead).toBeLessThanOrEqual(MAX_DOCS_PER_QUERY);
    expect(two.result.sampleVisits).toBeGreaterThan(0);
  }, 60_000);
});
