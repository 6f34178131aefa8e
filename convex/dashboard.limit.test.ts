// A panel asks `breakdown` for the rows it shows (issue 23): its re-runs read
// visitor sets for those rows only, and its rows are the first rows of the
// whole list, which "Show all" and the CSVs ask for.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { MAX_BREAKDOWN_ROWS, PANEL_ROWS } from "./constants";
import { breakdown } from "./dashboard";
import { seedNewViews, syntheticViews } from "./dashboard.fixtures";
import { bucketStart } from "./dashboard.time";
import { measureQuery, post, seedContent, sessionId, type StatsTest, type TableReads } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { StatsDimension, StatsFilter, StatsRange } from "./validators";

const ZONE = "UTC";
const DAY = 86_400_000;
// Friday 20 November 2026, 10:00.
const NOW = Date.UTC(2026, 10, 20, 10);
const SET_TABLES = ["dashboardVisitors", "dashboardRangeVisitors"];

let t: StatsTest;

beforeEach(async () => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  vi.stubEnv("SITE_TIME_ZONE", ZONE);
  t = initConvexTest({ transactionLimits: true });
  await seedContent(t, { posts: [post("p-1", "Post 1")] });
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

const args = (range: StatsRange, dimension: StatsDimension, limit?: number, filters: StatsFilter[] = []) => ({
  range,
  anchor: bucketStart("hour", NOW, ZONE),
  filters,
  dimension,
  ...(limit === undefined ? {} : { limit }),
});

/** Folds everything and builds the summaries of closed days (one per run). */
async function rollupUntilQuiet() {
  for (let i = 0, before = -1; i < 200; i++) {
    await t.mutation(internal.dashboard.rollup, { chain: true });
    const built = await t.run(async (ctx) => (await ctx.db.query("dashboardRangeCounts").collect()).length);
    if (built === before) break;
    before = built;
  }
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

/** Rows whose visitor sets a query read. */
const setRows = (reads: TableReads) => new Set(SET_TABLES.flatMap((table) => [...(reads.get(table)?.values ?? [])]));

describe("breakdown's row limit", () => {
  test("reads visitor sets only for the rows asked for, and they are the whole list's first rows", async () => {
    // Path /p-i has 20 × (13 - i) views, each by its own reader, spread evenly over the last 10 days:
    // visitors rank as views do, with gaps in any range, so the first rows' sets settle the order.
    const viewsOf = (i: number) => 20 * (13 - i);
    const views = Array.from({ length: 12 }, (_, i) =>
      Array.from({ length: viewsOf(i) }, (_, j) => ({
        path: `/p-${i}`,
        pageType: "blog" as const,
        sessionId: sessionId(1_000 * (i + 1) + j),
        timestamp: NOW - 10 * DAY + Math.floor(((j + 0.5) * 10 * DAY) / viewsOf(i)),
        newVisitor: true,
        entryPath: `/p-${i}`,
        visitStart: NOW - 10 * DAY + Math.floor(((j + 0.5) * 10 * DAY) / viewsOf(i)),
        referrerHost: `s-${i}.example`,
      })),
    )
      .flat()
      .sort((a, b) => a.timestamp - b.timestamp);
    await seedNewViews(t, views, 200);
    await rollupUntilQuiet();

    // 7 days read a summary, 24 hours hour buckets, 12 months month and day buckets.
    for (const range of ["7d", "30d", "24h", "12mo"] as const) {
      for (const dimension of ["page", "source"] as const) {
        const all = (await measureQuery<unknown, { rows: { value: string }[]; rowCount: number }>(t, breakdown, args(range, dimension, MAX_BREAKDOWN_ROWS))).result;
        expect(all.rows.length, `${range} ${dimension}`).toBeGreaterThan(PANEL_ROWS);
        for (const limit of [1, 3, PANEL_ROWS]) {
          const reads: TableReads = new Map();
          const { result } = await measureQuery<unknown, { rows: { value: string }[]; rowCount: number }>(t, breakdown, args(range, dimension, limit), reads);
          expect(result.rows, `${range} ${dimension} ${limit}`).toEqual(all.rows.slice(0, limit));
          expect(result.rowCount).toBe(all.rows.length);
          expect(setRows(reads), `${range} ${dimension} ${limit}`).toEqual(new Set(result.rows.map((row) => row.value)));
        }
      }
    }
    // No limit: what a panel shows.
    const panel = await t.query(api.dashboard.breakdown, args("7d", "page"));
    expect(panel.rows.map((row) => row.value)).toEqual(Array.from({ length: PANEL_ROWS }, (_, i) => `/p-${i}`));
    expect(panel.rowCount).toBe(12);
  }, 300_000);

  test("rows ranked by visitors, not views: a limited answer is still the whole list's first rows", async () => {
    await seedNewViews(t, syntheticViews({ views: 1_500, days: 40, paths: 60, sources: 30, countries: 8, now: NOW - 10 * 60_000, seed: 11 }), 150);
    await rollupUntilQuiet();
    const country = await t.query(api.dashboard.breakdown, args("7d", "country", 1));
    for (const range of ["today", "7d", "30d", "24h", "12mo", "all"] as const) {
      for (const filters of [[], [{ dimension: "country" as const, value: country.rows[0]!.value }]]) {
        for (const dimension of ["page", "entry", "exit", "source", "device"] as const) {
          const all = await t.query(api.dashboard.breakdown, args(range, dimension, MAX_BREAKDOWN_ROWS, filters));
          for (const limit of [1, 2, 5, PANEL_ROWS, 20]) {
            const some = await t.query(api.dashboard.breakdown, args(range, dimension, limit, filters));
            const label = `${range} ${dimension} ${filters.length} ${limit}`;
            expect(some.rows, label).toEqual(all.rows.slice(0, limit));
            expect(some.rowCount, label).toBe(all.rows.length);
            expect(some.truncated, label).toBe(all.truncated);
            expect(some.sampleVisits, label).toBe(all.sampleVisits);
          }
        }
      }
    }
  }, 300_000);

  test("refuses a limit that is not a whole number from 1 to 100", async () => {
    for (const limit of [0, -1, 101, 2.5, Number.NaN]) {
      await expect(t.query(api.dashboard.breakdown, args("7d", "page", limit)), String(limit)).rejects.toThrow(
        "limit must be a whole number of rows from 1 to 100",
      );
    }
    expect((await t.query(api.dashboard.breakdown, args("7d", "page", 100))).rows).toEqual([]);
  });
});
