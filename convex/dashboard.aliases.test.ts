// Issue 17: a renamed post's views from before the rename (stored under its
// old path) count under the post on the dashboard: one row with the post's
// title, counts added up, visitors distinct across both paths.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { seedNewViews } from "./dashboard.fixtures";
import { bucketStart } from "./dashboard.time";
import { post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { BreakdownRow, StatsDimension, StatsFilter, StatsRange } from "./validators";

const ZONE = "Europe/Berlin";
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Friday 20 November 2026, 10:00 in Berlin.
const NOW = Date.UTC(2026, 10, 20, 9);
const OLD = "/old-slug";
const NEW = "/new-slug";
const renamed = { ...post("new-slug", "New title"), aliases: ["old-slug"] };

let t: StatsTest;
let now = NOW;
const setNow = (ts: number) => {
  now = ts;
  vi.setSystemTime(now);
};

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubEnv("SITE_TIME_ZONE", ZONE);
  t = initConvexTest({ transactionLimits: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

/** One reader's visit: each path viewed 75 s apart, the post read for 70 s (its read time is 1 min). */
async function visit(reader: number, paths: string[]) {
  for (const path of paths) {
    await t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sessionId(reader), context: { country: "DE" } });
    setNow(now + 75_000);
    if (path === OLD || path === NEW) await t.mutation(api.stats.recordEngagement, { sessionId: sessionId(reader), path, engagedMs: 70_000, scrollDepth: 0.5 });
  }
}

/**
 * Monday morning readers 1-4 read the post under its old slug; three hours
 * later the sync renamed it, and readers 3-6 read it under its new slug, so
 * 3 and 4 read both, on the same day.
 */
async function playRename() {
  setNow(NOW - 4 * DAY);
  await seedContent(t, { posts: [post("old-slug", "Old title"), post("other", "Other")] });
  for (const reader of [1, 2, 3, 4]) await visit(reader, reader <= 2 ? [OLD, "/other"] : [OLD]);
  setNow(NOW - 4 * DAY + 3 * HOUR);
  await seedContent(t, { posts: [renamed, post("other", "Other")] });
  for (const reader of [3, 4, 5, 6]) await visit(reader, reader === 6 ? ["/other", NEW] : [NEW]);
  setNow(NOW);
}

/** The post's figures counted from the stored events, both paths as one. */
async function bruteForce() {
  const { views, engagements } = await t.run(async (ctx) => ({
    views: await ctx.db.query("pageViews").collect(),
    engagements: await ctx.db.query("engagements").collect(),
  }));
  const ofPost = (path: string | null | undefined) => path === OLD || path === NEW;
  const postViews = views.filter((v) => ofPost(v.path));
  const visitors = new Set(postViews.map((v) => v.sessionId)).size;
  const postEngagements = engagements.filter((e) => ofPost(e.path));
  return {
    views: postViews.length,
    visitors,
    entries: postViews.filter((v) => v.visitStart === v.timestamp).length,
    exits: postViews.length - views.filter((v) => ofPost(v.prevPath)).length,
    engagedMs: postEngagements.reduce((sum, e) => sum + e.engagedMs, 0) / visitors,
    completion: Math.min(1, postEngagements.filter((e) => e.completes).length / visitors),
    paths: new Set(postViews.map((v) => v.path)),
  };
}

const args = (range: StatsRange, filters: StatsFilter[] = []) => ({ range, anchor: bucketStart("hour", now, ZONE), filters });
const panel = async (dimension: StatsDimension, range: StatsRange, filters: StatsFilter[] = []) =>
  (await t.query(api.dashboard.breakdown, { ...args(range, filters), dimension })).rows;

async function expectMerged(range: StatsRange, filters: StatsFilter[] = []) {
  const expected = await bruteForce();
  const pages = await panel("page", range, filters);
  const postRows = pages.filter((r) => r.value === OLD || r.value === NEW);
  expect(postRows.map((r) => r.value), `${range} page rows`).toEqual([NEW]);
  const row = postRows[0]!;
  expect(row).toMatchObject<Partial<BreakdownRow>>({ label: "New title", views: expected.views, visitors: expected.visitors });
  expect(row.engagedMs).toBeCloseTo(expected.engagedMs, 6);
  expect(row.completion).toBeCloseTo(expected.completion, 6);
  expect(row.scroll).toBeCloseTo(0.5, 6);
  for (const [dimension, count] of [["entry", expected.entries], ["exit", expected.exits]] as const) {
    const rows = (await panel(dimension, range, filters)).filter((r) => r.value === OLD || r.value === NEW);
    expect(rows, `${range} ${dimension}`).toMatchObject([{ value: NEW, label: "New title", views: count, visitors: count }]);
  }
}

async function rollupUntilQuiet() {
  for (let i = 0; i < 100; i++) {
    await t.mutation(internal.dashboard.rollup, { chain: true });
    const built = await t.run(async (ctx) => (await ctx.db.query("dashboardRangeCounts").collect()).length);
    if (built >= 2 * 13) break;
  }
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

const dropSummaries = () =>
  t.run(async (ctx) => {
    for (const doc of await ctx.db.query("dashboardRangeCounts").collect()) await ctx.db.delete("dashboardRangeCounts", doc._id);
  });

describe("a renamed post's history on the dashboard", () => {
  test("the scenario has views under both paths and readers of both", async () => {
    await playRename();
    const expected = await bruteForce();
    expect([...expected.paths].sort()).toEqual([NEW, OLD]);
    expect(expected).toMatchObject({ views: 8, visitors: 6, entries: 7, exits: 6, engagedMs: (8 * 70_000) / 6, completion: 1 });
  });

  test("before the rollup (the tail): one row under the post", async () => {
    await playRename();
    await expectMerged("7d");
  });

  test("after the rollup and summaries, over 7 and 30 days and all time, from summaries and from buckets", async () => {
    await playRename();
    await rollupUntilQuiet();
    expect((await t.run(async (ctx) => await ctx.db.query("dashboardRangeCounts").collect())).length).toBe(2 * 13);
    for (const range of ["7d", "30d"] as const) await expectMerged(range);
    await expectMerged("all");
    await dropSummaries();
    for (const range of ["7d", "30d"] as const) await expectMerged(range);
  }, 120_000);

  test("a filtered panel (events) maps old paths before counting", async () => {
    await playRename();
    await expectMerged("30d", [{ dimension: "country", value: "DE" }]);
    await rollupUntilQuiet();
    await expectMerged("30d", [{ dimension: "country", value: "DE" }]);
  }, 120_000);

  test("a filter on the post's path counts its old path too, visitors distinct", async () => {
    await playRename();
    const expected = await bruteForce();
    const check = async (range: StatsRange) => {
      const filters = [{ dimension: "page" as const, value: NEW }];
      const { current } = await t.query(api.dashboard.summary, args(range, filters));
      expect(current, range).toMatchObject({ views: expected.views, visitors: expected.visitors });
      const series = await t.query(api.dashboard.series, args(range, filters));
      expect(series.points.reduce((sum, p) => sum + p.views, 0), range).toBe(expected.views);
    };
    await check("30d");
    // With a second filter (events) and as an exit filter, the old path's events count too.
    for (const filters of [[{ dimension: "page" as const, value: NEW }, { dimension: "country" as const, value: "DE" }], [{ dimension: "exit" as const, value: NEW }]]) {
      const { current } = await t.query(api.dashboard.summary, args("30d", filters));
      expect(current, filters[0]!.dimension).toMatchObject({ views: expected.views, visitors: expected.visitors });
    }
    await rollupUntilQuiet();
    await check("30d");
    await check("7d");
    await check("all");
    // A day holds both paths' cells: its point recounts visitors from both sets; a week's are one union of its days'.
    for (const [range, interval] of [["7d", "day"], ["30d", "week"]] as const) {
      const chart = await t.query(api.dashboard.series, { ...args(range, [{ dimension: "page", value: NEW }]), interval });
      expect(chart.points.filter((p) => p.views > 0).map((p) => [p.views, p.visitors]), interval).toEqual([[expected.views, expected.visitors]]);
    }
  }, 120_000);

  test("a summary that left the old path out (over 1,000 paths) leaves the panel to the buckets", async () => {
    // 120 paths of 5 views and 1,000 of one (sorting before /old-slug) over the last six days.
    const views = [];
    let reader = 10_000;
    for (let i = 0; i < 1_120; i++) {
      const path = i < 120 ? `/pop-${i}` : `/a-rare-${i}`;
      for (let n = 0; n < (i < 120 ? 5 : 1); n++) {
        const timestamp = NOW - (1 + (i % 6)) * DAY + n * MIN;
        views.push({ path, pageType: "blog" as const, sessionId: sessionId(reader++), timestamp, newVisitor: true, entryPath: path, visitStart: timestamp });
      }
    }
    await seedNewViews(t, views, 25);
    setNow(NOW - 4 * DAY);
    await seedContent(t, { posts: [post("old-slug", "Old title")] });
    await visit(1, [OLD]);
    await seedContent(t, { posts: [renamed] });
    for (const n of [1, 2, 3, 4, 5, 6]) await visit(n, [NEW]);
    setNow(NOW);
    await rollupUntilQuiet();
    const pageSummary = await t.run(async (ctx) => (await ctx.db.query("dashboardRangeCounts").collect()).find((s) => s.dimension === "page" && s.end - s.start === 6 * DAY));
    expect(pageSummary?.floor).toBeGreaterThan(0);
    expect(pageSummary?.values).not.toContain(OLD);

    const row = async () => (await panel("page", "7d")).filter((r) => r.value === OLD || r.value === NEW);
    const fromSummary = await row();
    expect(fromSummary).toMatchObject([{ value: NEW, label: "New title", views: 7, visitors: 6, engagedMs: (7 * 70_000) / 6, completion: 1 }]);
    await dropSummaries();
    expect(await row()).toEqual(fromSummary);
  }, 300_000);
});
