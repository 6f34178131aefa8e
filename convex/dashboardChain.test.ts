// The rollup's cadence: under load it runs again after the time TAIL_TARGET
// views took to arrive, and the minute cron leaves a due chain alone.
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { internal } from "./_generated/api";
import { seedNewViews, syntheticViews } from "./dashboard.fixtures";
import { TAIL_TARGET, VIEW_BATCH } from "./dashboard.rollup";
import { bucketRowsOf } from "./dashboard.rows";
import { initConvexTest } from "./test.setup";

const NOW = Date.UTC(2025, 5, 1, 12);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

test("under load the next run comes after the time TAIL_TARGET views took; the cron skips a due chain", async () => {
  const t = initConvexTest();
  const batch = (n: number, seed: number, until: number) =>
    syntheticViews({ views: n, days: 1 / 24, paths: 5, sources: 2, countries: 2, now: until, seed }).map((v) => ({
      ...v,
      sessionId: v.sessionId.replace(/^0{8}/, String(seed).padStart(8, "0")),
    }));
  const state = () => t.run((ctx) => ctx.db.query("dashboardRollupState").first());

  await seedNewViews(t, batch(100, 1, NOW - 1_000), 10);
  await t.mutation(internal.dashboard.rollup, {});
  expect((await state())!.chainUntil).toBeNull();

  // More than TAIL_TARGET views in the next minute, so a chain starts; fewer
  // than a batch, so it is paced rather than immediate.
  const load = Math.floor((TAIL_TARGET + VIEW_BATCH) / 2);
  vi.setSystemTime(NOW + 60_000);
  await seedNewViews(t, batch(load, 2, NOW + 59_000), 10);
  await t.mutation(internal.dashboard.rollup, {});
  const busy = (await state())!;
  const delay = Math.floor((60_000 * TAIL_TARGET) / load);
  expect(busy.chainUntil).toBe(NOW + 60_000 + delay + 60_000);

  // The cron fires meanwhile: it leaves the new views to the chain.
  await seedNewViews(t, batch(20, 3, NOW + 61_000), 10);
  await t.mutation(internal.dashboard.rollup, {});
  expect((await state())!.viewsWatermark).toBe(busy.viewsWatermark);

  // The chained run folds them; with little new traffic the chain ends.
  vi.advanceTimersByTime(delay);
  await t.finishInProgressScheduledFunctions();
  const after = (await state())!;
  expect(after.viewsWatermark).not.toBe(busy.viewsWatermark);
  expect(after.chainUntil).toBeNull();
  const folded = await t.run(async (ctx) => {
    const total = await ctx.db
      .query("dashboardRollups")
      // Day documents: the current month's bucket documents are written only once it closes.
      .withIndex("by_dimension_and_period_and_start", (q) => q.eq("dimension", "total").eq("period", "day"))
      .collect();
    return total.reduce((sum, doc) => sum + bucketRowsOf(doc)[0]!.views, 0);
  });
  expect(folded).toBe(100 + load + 20);
});
