// The current month stays open (issue 23): live rollup runs leave its bucket
// documents alone (its day documents hold it), and once it closes the rollup
// writes them. Figures over months stay exact throughout.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { rollup } from "./dashboard";
import { bruteForce, seedNewViews, syntheticViews } from "./dashboard.fixtures";
import { bucketStart } from "./dashboard.time";
import { measureMutation, post, seedContent, sessionId, type StatsTest, type WriteRecord } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { StatsRange } from "./validators";

const ZONE = "Europe/Berlin";
const HOUR = 3_600_000;
// Friday 20 November 2026, 10:00 in Berlin.
const NOW = Date.UTC(2026, 10, 20, 9);

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

const monthOf = (ts: number) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit" }).format(ts);
const args = (range: StatsRange) => ({ range, anchor: bucketStart("hour", now, ZONE), filters: [] });

async function foldAll() {
  for (let i = 0; i < 60; i++) await t.mutation(internal.dashboard.rollup, { chain: true });
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

async function expectExact() {
  const events = await t.run(async (ctx) => ({
    views: await ctx.db.query("pageViews").collect(),
    engagements: await ctx.db.query("engagements").collect(),
  }));
  const expected = bruteForce(events.views, events.engagements, ZONE, () => true, monthOf);
  for (const range of ["12mo", "all"] as const) {
    const summary = await t.query(api.dashboard.summary, args(range));
    expect(summary.current.views).toBe(expected.total.views);
    expect(summary.current.visits).toBe(expected.total.visits);
    expect(summary.current.visitors).toBe(expected.total.visitors.size);
    const series = await t.query(api.dashboard.series, args(range));
    for (const point of series.points.filter((p) => p.views > 0)) {
      const day = expected.days.get(monthOf(point.start))!;
      expect([point.views, point.visitors]).toEqual([day.views, day.visitors.size]);
    }
    const rows = (await t.query(api.dashboard.breakdown, { ...args(range), dimension: "page" })).rows;
    for (const row of rows) {
      const cell = expected.cells.get(`page|${row.value}`)!;
      expect([row.value, row.views, row.visitors]).toEqual([row.value, cell.views, cell.visitors.size]);
    }
  }
}

describe("the open month", () => {
  test("live runs write no month bucket document; a closed month gets its documents; figures stay exact", async () => {
    // The generator may run past its `now`; a time prefix of its views is still whole visits.
    const views = syntheticViews({ views: 600, days: 45, paths: 30, sources: 8, countries: 4, now: NOW - HOUR, seed: 7 });
    await seedNewViews(t, views.filter((view) => view.timestamp < NOW - HOUR), 100);
    await foldAll();
    await expectExact();

    await t.mutation(api.stats.recordPageView, { path: "/p-1", pageType: "blog", sessionId: sessionId(5_000), context: { country: "NZ" } });
    const writes: WriteRecord[] = [];
    await measureMutation(t, rollup, { chain: true }, writes);
    const written = writes.filter((w) => w.table === "dashboardRollups").map((w) => (w.after ?? w.before)!.period);
    expect(written).toContain("day");
    expect(written).not.toContain("month");
    await expectExact();

    // December: November closes, one dimension per run, and a view lands in December.
    setNow(Date.UTC(2026, 11, 1, 3));
    await t.mutation(api.stats.recordPageView, { path: "/p-1", pageType: "blog", sessionId: sessionId(5_001), context: { country: "NZ" } });
    await foldAll();
    const state = await t.run(async (ctx) => await ctx.db.query("dashboardRollupState").first());
    expect(state!.openMonth).toBe(bucketStart("month", now, ZONE));
    const november = await t.run(async (ctx) =>
      (await ctx.db.query("dashboardRollups").withIndex("by_period_and_start", (q) => q.eq("period", "month").eq("start", bucketStart("month", NOW, ZONE))).collect()).length,
    );
    expect(november).toBe(14);
    await expectExact();
  }, 300_000);
});
