// Upgrading a deployment that holds months of views from before the
// dashboard: nothing is lost, and the rollup backfills them in bounded batches.
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { bruteForce, prng } from "./dashboard.fixtures";
import { VIEW_BATCH } from "./dashboard.rollup";
import { page, post, seedContent, seedViews, sessionId, type SeedView, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { PageType } from "./validators";

const ZONE = "America/New_York";
const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 30, 18);
const PATHS: [string, PageType][] = [
  ["/", "home"],
  ["/hello", "blog"],
  ["/other", "blog"],
  ["/about", "page"],
];

/** Today's schema: views with path, type, session, time and newVisitor only. */
function oldViews(count: number): SeedView[] {
  const rand = prng(3);
  const views: SeedView[] = [];
  const seen = new Set<number>();
  let ts = NOW - 75 * DAY;
  while (views.length < count) {
    const session = Math.floor(rand() * 400);
    // A visit of one to four views a few minutes apart.
    const length = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < length && views.length < count; i++) {
      const [path, pageType] = PATHS[Math.floor(rand() * PATHS.length)]!;
      views.push({ path, pageType, sessionId: sessionId(session), timestamp: ts, newVisitor: !seen.has(session) });
      seen.add(session);
      ts += Math.floor(rand() * 10 * 60_000);
    }
    ts += Math.floor(rand() * 300 * 60_000);
  }
  return views;
}

let t: StatsTest;
const seeded = oldViews(1_600);

beforeAll(async () => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  vi.stubEnv("SITE_TIME_ZONE", ZONE);
  t = initConvexTest();
  await seedContent(t, { posts: [post("hello", "Hello"), post("other", "Other")], pages: [page("about", "About")] });
  // One view per commit would take minutes here; 100 per commit still spans many batches.
  await seedViews(t, seeded, 100);
  // The existing getStats rollup has run, as on a live deployment.
  await t.mutation(internal.stats.rollupPageViews, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}, 300_000);

afterAll(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

const args = { range: "12mo" as const, anchor: NOW - (NOW % 3_600_000), filters: [] };

test("the seeded views span two months and are all in today's schema", () => {
  expect(seeded[0]!.timestamp).toBeLessThan(NOW - 60 * DAY);
  expect(seeded.at(-1)!.timestamp - seeded[0]!.timestamp).toBeGreaterThan(50 * DAY);
  expect(seeded.at(-1)!.timestamp).toBeLessThan(NOW);
});

test("before the backfill the dashboard says it is catching up", async () => {
  const summary = await t.query(api.dashboard.summary, args);
  expect(summary.catchingUp).toBe(true);
});

test("one rollup run folds one bounded batch and schedules the next", async () => {
  await t.mutation(internal.dashboard.rollup, {});
  const state = await t.run((ctx) => ctx.db.query("dashboardRollupState").first());
  const folded = await t.run(async (ctx) =>
    (await ctx.db.query("pageViews").collect()).filter((v) => (v.commitTs as bigint) <= state!.viewsWatermark!).length,
  );
  expect(folded).toBeGreaterThan(0);
  expect(folded).toBeLessThanOrEqual(VIEW_BATCH);
  expect(state!.chainUntil).not.toBeNull();
}, 60_000);

test("after the backfill every old view is counted, with visits and bounces from the gaps", async () => {
  await t.finishAllScheduledFunctions(vi.runAllTimers);
  const views = await t.run((ctx) => ctx.db.query("pageViews").collect());
  expect(views).toHaveLength(seeded.length);
  const expected = bruteForce(views, [], ZONE);

  const summary = await t.query(api.dashboard.summary, args);
  expect(summary.catchingUp).toBe(false);
  const days = [...expected.days.values()];
  expect(summary.current.views).toBe(seeded.length);
  expect(summary.current.visits).toBe(days.reduce((s, d) => s + d.visits, 0));
  expect(Math.round(summary.current.bounceRate * summary.current.visits)).toBe(days.reduce((s, d) => s + d.bounces, 0));

  const all = await t.query(api.dashboard.summary, { ...args, range: "all" });
  expect(all.current.visitors).toBe(new Set(seeded.map((v) => v.sessionId)).size);

  const series = await t.query(api.dashboard.series, { ...args, range: "30d" });
  const dayKey = (ts: number) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(ts);
  for (const point of series.points) {
    const day = expected.days.get(dayKey(point.start));
    expect([dayKey(point.start), point.views, point.visitors]).toEqual([dayKey(point.start), day?.views ?? 0, day?.visitors.size ?? 0]);
  }

  const breakdown = (dimension: "page" | "entry" | "exit" | "source") => t.query(api.dashboard.breakdown, { ...args, dimension });
  const asMap = (rows: { value: string; views: number }[]) => new Map(rows.map((r) => [r.value, r.views]));
  expect(asMap((await breakdown("page")).rows)).toEqual(expected.pageViews);
  expect(asMap((await breakdown("entry")).rows)).toEqual(expected.entries);
  expect(asMap((await breakdown("exit")).rows)).toEqual(expected.exits);
  // Old views had no referrer: all Direct.
  expect((await breakdown("source")).rows).toEqual([expect.objectContaining({ value: "", label: "Direct", views: seeded.length })]);

  // getStats, untouched by the upgrade, still counts every view.
  const stats = await t.query(api.stats.getStats, {});
  expect(stats.totalPageViews).toBe(seeded.length);
}, 300_000);

test("a new view after the upgrade continues an old visit", async () => {
  const last = seeded.at(-1)!;
  vi.setSystemTime(last.timestamp + 60_000);
  const path = last.path === "/hello" ? "/other" : "/hello";
  await t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: last.sessionId });
  const newest = await t.run(async (ctx) =>
    ctx.db.query("pageViews").withIndex("by_sessionId_and_timestamp", (q) => q.eq("sessionId", last.sessionId)).order("desc").first(),
  );
  expect(newest).toMatchObject({ prevTs: last.timestamp, prevPath: last.path, newVisitor: false });
});
