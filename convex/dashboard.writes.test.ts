// What a rollup run writes (issue 23): in proportion to what it folds, not
// to the size of the buckets it folds into, and old documents keep working.
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { rollup } from "./dashboard";
import { seedNewViews, storeFold, syntheticViews } from "./dashboard.fixtures";
import { Fold, foldViewOf, zoneBucketings } from "./dashboard.fold";
import { HOUR_RETENTION_MS, VISITOR_APPEND_MIN } from "./dashboard.rollup";
import { bucketRowsOf } from "./dashboard.rows";
import { bucketStart } from "./dashboard.time";
import { measureMutation, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";

const NOW = Date.UTC(2025, 5, 15, 18, 30);
const HOUR = 3_600_000;
/** Issue 23's target per folded view, and what a run writes whatever it folds (the state, a few small documents). */
const PER_VIEW = 2 * 1024;
const FIXED = 16 * 1024;

beforeEach(() => {
  // Only the clock: convex-test's own timers stay real.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

/** Today's traffic, folded and stored as the rollup leaves it, then one run with nothing new (it opens the month). */
async function busyDay(views: number): Promise<StatsTest> {
  const t = initConvexTest({ transactionLimits: true });
  const stored = syntheticViews({ views, days: 0.7, paths: 400, sources: 200, countries: 60, now: NOW - HOUR, seed: 3 });
  await seedNewViews(t, stored, 2_000);
  const [hour, day, month] = zoneBucketings(["hour", "day", "month"], "UTC");
  const fold = new Fold([{ ...hour!, keepFrom: NOW - HOUR_RETENTION_MS }, day!, month!]);
  for (const view of stored) fold.addView(foldViewOf(view as Doc<"pageViews">));
  await storeFold(t, fold, stored[0]!.timestamp);
  await t.mutation(internal.dashboard.rollup, { chain: true });
  return t;
}

/** The last half hour's views, by sessions the stored day has not seen. */
function newViews(count: number, seed: number) {
  return syntheticViews({ views: count, days: 1 / 48, paths: 50, sources: 10, countries: 5, now: NOW, seed }).map((v) => ({
    ...v,
    sessionId: v.sessionId.replace(/^0{8}/, `1111111${seed % 10}`),
  }));
}

test("a run folding N views into a busy day's buckets writes at most N x 2 KB plus a small constant", async () => {
  const t = await busyDay(8_000);
  // A live run's share: the benchmark's minute of 200 views, twice (the second into buckets the first grew).
  for (const seed of [11, 12]) {
    const n = 200;
    await seedNewViews(t, newViews(n, seed), 1);
    const { usage } = await measureMutation(t, rollup, { chain: true });
    expect(usage.bytesWritten).toBeLessThanOrEqual(n * PER_VIEW + FIXED);
  }
}, 300_000);

/** Runs the rollup until it folds nothing more. */
async function foldAll(t: StatsTest): Promise<void> {
  const watermark = () => t.run(async (ctx) => (await ctx.db.query("dashboardRollupState").first())?.viewsWatermark ?? null);
  for (let before = await watermark(); ; ) {
    await t.mutation(internal.dashboard.rollup, { chain: true });
    const after = await watermark();
    if (after === before) return;
    before = after;
  }
}

const args = { range: "today" as const, anchor: NOW - (NOW % HOUR), filters: [] };

test("bucket documents stored as rows (before packing) read the same, and the next fold rewrites them packed", async () => {
  const t = initConvexTest();
  await seedNewViews(t, newViews(300, 21), 50);
  await t.mutation(internal.dashboard.rollup, { chain: true });
  const before = { summary: await t.query(api.dashboard.summary, args), pages: await t.query(api.dashboard.breakdown, { ...args, dimension: "page" }) };
  expect(before.summary.current.views).toBe(300);
  await t.run(async (ctx) => {
    for (const doc of await ctx.db.query("dashboardRollups").collect()) {
      expect(doc.packed).toBeDefined();
      await ctx.db.replace("dashboardRollups", doc._id, { dimension: doc.dimension, period: doc.period, start: doc.start, rows: bucketRowsOf(doc) });
    }
  });
  expect(await t.query(api.dashboard.summary, args)).toEqual(before.summary);
  expect(await t.query(api.dashboard.breakdown, { ...args, dimension: "page" })).toEqual(before.pages);

  await seedNewViews(t, newViews(20, 22), 20);
  await t.mutation(internal.dashboard.rollup, { chain: true });
  expect((await t.query(api.dashboard.summary, args)).current.views).toBe(320);
  const today = bucketStart("day", NOW, "UTC");
  const days = await t.run(async (ctx) => await ctx.db.query("dashboardRollups").withIndex("by_period_and_start", (q) => q.eq("period", "day").eq("start", today)).collect());
  expect(days.length).toBeGreaterThan(0);
  for (const doc of days) {
    expect(doc.rows).toBeUndefined();
    expect(doc.packed).toBeDefined();
  }
});

test("a large visitor set takes new visitors in a small second document, merged into it once that passes a quarter of the set", async () => {
  const t = initConvexTest();
  await seedNewViews(t, newViews(3_000, 31), 100);
  await foldAll(t);
  const today = bucketStart("day", NOW, "UTC");
  const totalSet = () =>
    t.run(async (ctx) =>
      (
        await ctx.db
          .query("dashboardVisitors")
          .withIndex("by_dimension_and_value_and_period_and_start", (q) => q.eq("dimension", "total").eq("value", "").eq("period", "day").eq("start", today))
          .collect()
      ).map((doc) => (doc.hashes?.byteLength ?? 0) / 4),
    );
  const sum = (sizes: number[]) => sizes.reduce((a, b) => a + b, 0);
  /** The set is its largest document; the other holds fewer hashes than a quarter of it (or VISITOR_APPEND_MIN). */
  const shape = async () => {
    const sizes = (await totalSet()).sort((a, b) => b - a);
    expect(sizes.length).toBeLessThanOrEqual(2);
    if (sizes.length === 2) expect(sizes[1]).toBeLessThanOrEqual(Math.max(VISITOR_APPEND_MIN, sizes[0]! / 4));
    return sizes;
  };
  const first = await shape();
  const visitors = (await t.query(api.dashboard.summary, args)).current.visitors;
  // Exact: no hash is in both documents.
  expect(sum(first)).toBe(visitors);
  expect(first[0]).toBeGreaterThan(4 * VISITOR_APPEND_MIN);

  // Ten new visitors: the set stays as it was, the ten are appended.
  const few = newViews(10, 32).map((view, i) => ({ ...view, sessionId: `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, "0")}`, newVisitor: true }));
  await seedNewViews(t, few, 10);
  await t.mutation(internal.dashboard.rollup, { chain: true });
  const second = await shape();
  expect(second[0]).toBe(first[0]);
  expect(second[1]).toBe((first[1] ?? 0) + 10);
  expect((await t.query(api.dashboard.summary, args)).current.visitors).toBe(visitors + 10);

  // As many again: the appended hashes pass a quarter of the set and are merged into it.
  const many = newViews(first[0]!, 33).map((view, i) => ({ ...view, sessionId: `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, "0")}`, newVisitor: true }));
  await seedNewViews(t, many, 100);
  await foldAll(t);
  const third = await shape();
  expect(third[0]).toBeGreaterThan(first[0]! + 10);
  expect(sum(third)).toBe(visitors + 10 + first[0]!);
  expect((await t.query(api.dashboard.summary, args)).current.visitors).toBe(visitors + 10 + first[0]!);
}, 300_000);
