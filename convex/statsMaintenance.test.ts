import { makeFunctionReference } from "convex/server";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { SESSION_TIMEOUT_MS } from "./constants";
import crons from "./crons";
import { CLEANUP_BATCH } from "./stats";
import { ROLLUP_BATCH } from "./stats.rollup";
import { post, seedContent, seedViews, sessionId, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";

const START = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;

const sessions = (t: StatsTest) =>
  t.run(async (ctx) => (await ctx.db.query("activeSessions").collect()).map((s) => s.sessionId));

async function setup(): Promise<StatsTest> {
  const t = initConvexTest();
  await seedContent(t, { posts: [post("hello", "Hello")] });
  return t;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("cleanupStaleSessions (empties the retired activeSessions table)", () => {
  const retired = (t: StatsTest, count: number, lastSeen: number) =>
    t.run(async (ctx) => {
      for (let i = 0; i < count; i++) {
        await ctx.db.insert("activeSessions", { sessionId: sessionId(i), currentPath: "/", lastSeen: lastSeen + i });
      }
    });

  test("keeps a row idle for 1:59 and deletes one idle for 2:01", async () => {
    const t = await setup();
    await retired(t, 1, START);
    vi.setSystemTime(START + SESSION_TIMEOUT_MS - 1_000);
    await t.mutation(internal.stats.cleanupStaleSessions, {});
    expect(await sessions(t)).toEqual([sessionId(0)]);
    vi.setSystemTime(START + SESSION_TIMEOUT_MS + 1_000);
    await t.mutation(internal.stats.cleanupStaleSessions, {});
    expect(await sessions(t)).toEqual([]);
  });

  test("works through more rows than one batch by rescheduling itself", async () => {
    const t = await setup();
    const stale = 2 * CLEANUP_BATCH + 7;
    await retired(t, stale, START - 10 * MINUTE);
    await t.mutation(internal.stats.cleanupStaleSessions, {});
    expect((await sessions(t)).length).toBe(stale - CLEANUP_BATCH);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await sessions(t)).toEqual([]);
  });
});

describe("crons", () => {
  const jobs = Object.values(
    (crons as unknown as { crons: Record<string, { name: string; schedule: unknown }> }).crons,
  );

  test("clean up stale sessions every 5 minutes and fold views every minute", () => {
    expect(jobs).toEqual(
      expect.arrayContaining([
        { name: "stats:cleanupStaleSessions", args: [{}], schedule: { type: "interval", minutes: 5 } },
        { name: "stats:rollupPageViews", args: [{}], schedule: { type: "interval", minutes: 1 } },
      ]),
    );
  });

  test("the cleanup job empties the retired table", async () => {
    const t = await setup();
    await t.run((ctx) => ctx.db.insert("activeSessions", { sessionId: sessionId(1), currentPath: "/", lastSeen: START }));
    vi.advanceTimersByTime(5 * MINUTE);
    const job = jobs.find((j) => j.name === "stats:cleanupStaleSessions")!;
    await t.mutation(makeFunctionReference<"mutation">(job.name), {});
    expect(await sessions(t)).toEqual([]);
  });
});

describe("rollupPageViews", () => {
  const totals = (t: StatsTest) => t.run((ctx) => ctx.db.query("pageViewTotals").collect());

  test("writes nothing when no view is new, so subscribers do not re-run", async () => {
    const t = await setup();
    await t.mutation(internal.stats.rollupPageViews, {});
    expect(await totals(t)).toEqual([]);
    await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: sessionId(1) });
    await t.mutation(internal.stats.rollupPageViews, {});
    const [first] = await totals(t);
    vi.advanceTimersByTime(MINUTE);
    await t.mutation(internal.stats.rollupPageViews, {});
    expect(await totals(t)).toEqual([first]);
    expect(first).toMatchObject({ totalPageViews: 1, uniqueVisitors: 1, trackingSince: START });
  });

  test("folds one batch per run and schedules the next while views remain", async () => {
    const t = await setup();
    const views = Array.from({ length: ROLLUP_BATCH + 10 }, (_, i) => ({
      path: "/",
      pageType: "home" as const,
      sessionId: sessionId(i),
      timestamp: START,
      newVisitor: true,
    }));
    // One view per commit, as recordPageView writes them.
    await seedViews(t, views.slice(0, ROLLUP_BATCH + 1), 1);
    await seedViews(t, views.slice(ROLLUP_BATCH + 1), 1);
    await t.mutation(internal.stats.rollupPageViews, {});
    expect((await totals(t))[0]?.totalPageViews).toBe(ROLLUP_BATCH - 1);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect((await totals(t))[0]).toMatchObject({ totalPageViews: ROLLUP_BATCH + 10, uniqueVisitors: ROLLUP_BATCH + 10 });
    const rows = await t.run((ctx) => ctx.db.query("pathViewTotals").collect());
    expect(rows.map((r) => [r.path, r.views])).toEqual([["/", ROLLUP_BATCH + 10]]);
  });
});
