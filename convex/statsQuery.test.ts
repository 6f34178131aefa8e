import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { readStats } from "./stats";
import { ROLLUP_BATCH } from "./stats.rollup";
import {
  expectedViewStats,
  page,
  post,
  seedContent,
  seedViews,
  sessionId,
  type SeedView,
  type StatsTest,
} from "./stats.fixtures";
import { initConvexTest } from "./test.setup";

const START = Date.UTC(2025, 0, 1);

async function setup(): Promise<StatsTest> {
  const t = initConvexTest();
  await seedContent(t, {
    posts: [post("hello", "Hello"), post("second", "Second post"), post("draft", "Draft", false)],
    pages: [page("about", "About"), page("hidden", "Hidden", false)],
  });
  return t;
}

async function view(t: StatsTest, session: number, path: string) {
  await t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sessionId(session) });
}

async function rollup(t: StatsTest) {
  await t.mutation(internal.stats.rollupPageViews, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("getStats", () => {
  test("is empty before any view", async () => {
    const t = await setup();
    expect(await t.query(api.stats.getStats, {})).toEqual({
      activeVisitors: 0,
      activeByPath: [],
      totalPageViews: 0,
      uniqueVisitors: 0,
      publishedPosts: 2,
      publishedPages: 1,
      trackingSince: null,
      pageStats: [],
      catchingUp: false,
    });
  });

  test("resolves titles by slug and sorts pages by views, highest first", async () => {
    const t = await setup();
    await view(t, 1, "/hello");
    await view(t, 2, "/hello");
    await view(t, 3, "/hello");
    await view(t, 1, "/about");
    await view(t, 2, "/about");
    await view(t, 1, "/stats");
    vi.setSystemTime(START + 1_000);
    await view(t, 4, "/");
    await view(t, 1, "/second");
    const stats = await t.query(api.stats.getStats, {});
    expect(stats.pageStats).toEqual([
      { path: "/hello", title: "Hello", pageType: "blog", views: 3 },
      { path: "/about", title: "About", pageType: "page", views: 2 },
      { path: "/", title: "Home", pageType: "home", views: 1 },
      { path: "/second", title: "Second post", pageType: "blog", views: 1 },
      { path: "/stats", title: "Stats", pageType: "stats", views: 1 },
    ]);
    expect(stats.totalPageViews).toBe(8);
    expect(stats.uniqueVisitors).toBe(4);
    expect(stats.trackingSince).toBe(START);
  });

  test("keeps the views of content unpublished later, titled by its path", async () => {
    const t = await setup();
    await view(t, 1, "/second");
    await t.run(async (ctx) => {
      const live = (await ctx.db.query("contentLive").first())?.generation;
      const second = await ctx.db
        .query("posts")
        .withIndex("by_generation_and_slug", (q) => q.eq("generation", live).eq("slug", "second"))
        .first();
      await ctx.db.patch("posts", second!._id, { published: false });
    });
    const stats = await t.query(api.stats.getStats, {});
    expect(stats.pageStats).toEqual([{ path: "/second", title: "/second", pageType: "blog", views: 1 }]);
    expect(stats.publishedPosts).toBe(1);
  });

  test("Active Now counts the present readers by path", async () => {
    const t = await setup();
    await t.mutation(api.presence.heartbeat, { sessionId: sessionId(1), path: "/hello" });
    await t.mutation(api.presence.heartbeat, { sessionId: sessionId(2), path: "/hello" });
    await t.mutation(api.presence.heartbeat, { sessionId: sessionId(3), path: "/" });
    const stats = await t.query(api.stats.getStats, {});
    expect(stats.activeVisitors).toBe(3);
    expect(stats.activeByPath).toEqual([
      { path: "/hello", count: 2 },
      { path: "/", count: 1 },
    ]);
    await t.mutation(api.presence.leave, { sessionId: sessionId(3) });
    expect((await t.query(api.stats.getStats, {})).activeByPath).toEqual([{ path: "/hello", count: 2 }]);
  });
});

describe("getStats stays exact however much is folded", () => {
  // Sessions 1-5 spread over four paths and three minutes.
  async function recordMixedViews(t: StatsTest, fromSession: number) {
    const paths = ["/", "/hello", "/about", "/second"];
    for (let i = 0; i < 20; i++) {
      vi.setSystemTime(START + 60_000 + i * 9_000);
      await view(t, fromSession + (i % 5), paths[(i * 7) % paths.length]!);
    }
  }

  async function expectExact(t: StatsTest) {
    const views = await t.run((ctx) => ctx.db.query("pageViews").collect());
    const expected = expectedViewStats(views);
    const stats = await t.query(api.stats.getStats, {});
    expect(stats.totalPageViews).toBe(expected.totalPageViews);
    expect(stats.uniqueVisitors).toBe(expected.uniqueVisitors);
    expect(stats.trackingSince).toBe(expected.trackingSince);
    expect(new Map(stats.pageStats.map((row) => [row.path, row.views]))).toEqual(expected.perPath);
    return stats;
  }

  test("with nothing folded", async () => {
    const t = await setup();
    await recordMixedViews(t, 1);
    const stats = await expectExact(t);
    expect(stats.totalPageViews).toBe(20);
    expect(await t.run((ctx) => ctx.db.query("pathViewTotals").collect())).toEqual([]);
  });

  test("with everything folded", async () => {
    const t = await setup();
    await recordMixedViews(t, 1);
    await rollup(t);
    expect(await t.run((ctx) => ctx.db.query("pathViewTotals").collect())).toHaveLength(4);
    await expectExact(t);
  });

  test("with folded views and a tail, old and new visitors mixed", async () => {
    const t = await setup();
    await recordMixedViews(t, 1);
    await rollup(t);
    vi.setSystemTime(START + 3_600_000);
    await recordMixedViews(t, 3);
    const stats = await expectExact(t);
    expect(stats.uniqueVisitors).toBe(7);
  });

  test("when a batch boundary falls inside a commit, and when one commit outgrows a batch", async () => {
    const t = await setup();
    const batch = ROLLUP_BATCH;
    // Commits of batch - 1 and 3 views: the first batch ends one view into
    // the second commit. Then one commit of 2.5 batches: a batch starts inside it.
    const commits = [batch - 1, 3, Math.floor(2.5 * batch)];
    const total = commits.reduce((sum, size) => sum + size, 0);
    const sessions = Math.min(900, total);
    const views: SeedView[] = Array.from({ length: total }, (_, i) => ({
      path: i % 3 === 0 ? "/hello" : "/",
      pageType: i % 3 === 0 ? "blog" : "home",
      sessionId: sessionId(i % sessions),
      timestamp: START + i,
      newVisitor: i < sessions,
    }));
    let from = 0;
    for (const size of commits) {
      await seedViews(t, views.slice(from, from + size), size);
      from += size;
    }
    const folded = async () => (await t.run((ctx) => ctx.db.query("pageViewTotals").first()))?.totalPageViews;
    // One run at a time, so each cut shows.
    await t.mutation(internal.stats.rollupPageViews, {});
    expect(await folded()).toBe(batch - 1);
    await t.mutation(internal.stats.rollupPageViews, {});
    expect(await folded()).toBe(batch + 2);
    await t.mutation(internal.stats.rollupPageViews, {});
    expect(await folded()).toBe(total);
    const stats = await expectExact(t);
    expect(stats.uniqueVisitors).toBe(sessions);
  });
});

describe("getStats says when a cap left its figures short", () => {
  // The real caps take 20,000 views or 1,000 paths to reach; the same code
  // with small caps reaches them in a few views.
  const caps = { pageStatsRows: 3, tailViews: 4 };
  const read = (t: StatsTest) => t.run((ctx) => readStats(ctx.db, caps));

  async function viewEach(t: StatsTest, paths: string[]) {
    for (const [i, path] of paths.entries()) await view(t, i + 1, path);
  }

  test("under both caps it is not catching up", async () => {
    const t = await setup();
    await viewEach(t, ["/", "/hello", "/"]);
    expect((await read(t)).catchingUp).toBe(false);
    await rollup(t);
    expect(await read(t)).toMatchObject({ totalPageViews: 3, catchingUp: false });
  });

  test("a full tail means more views may wait behind it", async () => {
    const t = await setup();
    await viewEach(t, ["/", "/hello", "/", "/hello", "/"]);
    const stats = await read(t);
    expect(stats.totalPageViews).toBe(4);
    expect(stats.catchingUp).toBe(true);
    await rollup(t);
    expect(await read(t)).toMatchObject({ totalPageViews: 5, catchingUp: false });
  });

  test("a cut row list means a page may be missing from Views by Page", async () => {
    const t = await setup();
    await viewEach(t, ["/", "/hello", "/about"]);
    await rollup(t);
    vi.setSystemTime(START + 1_000);
    await view(t, 9, "/second");
    const stats = await read(t);
    expect(stats.pageStats.map((row) => row.path)).not.toContain("/second");
    expect(stats.catchingUp).toBe(true);
  });

  test("getStats reports it through the public query", async () => {
    const t = await setup();
    await view(t, 1, "/hello");
    expect((await t.query(api.stats.getStats, {})).catchingUp).toBe(false);
  });
});
