// A path pattern goal's visitors are the readers of any matching page, each
// counted once, compared with a brute-force count over the recorded views:
// from the tail, after the rollup, and with other filters.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { MAX_GOAL_PATHS } from "./constants";
import { matchesPattern } from "./goals.check";
import { post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { StatsFilter } from "./validators";

const START = Date.UTC(2025, 0, 15, 12);
const PATTERN = "/how-*";
const GOAL = "any-post-guide";

type Reader = { sid: string; country: string; device: string; paths: string[] };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

async function seed(t: StatsTest, readers: Reader[]) {
  await seedContent(t, { posts: [post("how-to-a", "How to A"), post("how-to-b", "How to B"), post("how-to-c", "How to C"), post("other", "Other")] });
  for (const reader of readers) {
    for (const path of reader.paths) {
      const context = { country: reader.country, device: reader.device };
      await t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: reader.sid, context });
      vi.advanceTimersByTime(20_000);
    }
  }
}

function bruteForce(readers: Reader[], filters: StatsFilter[]) {
  const kept = readers.filter((r) => filters.every((f) => (f.dimension === "country" ? r.country : r.device) === f.value));
  const matching = kept.map((r) => r.paths.filter((path) => matchesPattern(PATTERN, path)));
  return { visitors: matching.filter((paths) => paths.length > 0).length, conversions: matching.flat().length };
}

async function goal(t: StatsTest, filters: StatsFilter[]) {
  const report = await t.query(api.goals.report, { range: "7d", anchor: Date.now(), filters });
  return report.goals.find((g) => g.id === GOAL)!;
}

async function rollup(t: StatsTest) {
  vi.advanceTimersByTime(3_600_000);
  for (let i = 0; i < 20; i++) await t.mutation(internal.dashboard.rollup, { chain: false });
  // Every view is folded: the figures now come from cells and visitor sets, not the tail.
  const state = await t.run(async (ctx) => await ctx.db.query("dashboardRollupState").first());
  const last = await t.run(async (ctx) => await ctx.db.query("pageViews").withIndex("by_commitTs").order("desc").first());
  expect(state?.viewsWatermark).toBe(last?.commitTs);
}

describe("a path pattern goal", () => {
  test("two readers, one of them reading two matching pages: 2 visitors, not 3", async () => {
    const t = initConvexTest();
    const readers = [
      { sid: sessionId(1), country: "FR", device: "mobile", paths: ["/how-to-a", "/how-to-b"] },
      { sid: sessionId(2), country: "DE", device: "desktop", paths: ["/how-to-a"] },
    ];
    await seed(t, readers);
    expect(await goal(t, [])).toMatchObject({ visitors: 2, conversions: 3, approximate: false });
    await rollup(t);
    expect(await goal(t, [])).toMatchObject({ visitors: 2, conversions: 3, approximate: false });
  });

  test("matches a brute-force count, unfiltered and under each filter, before and after the rollup", async () => {
    const t = initConvexTest();
    const pages = ["/how-to-a", "/how-to-b", "/how-to-c", "/other"];
    // A fixed mix: reader n reads the pages whose bit is set in n.
    const readers: Reader[] = Array.from({ length: 15 }, (_, i) => {
      const n = i + 1;
      return { sid: sessionId(n), country: n % 3 === 0 ? "FR" : "DE", device: n % 2 === 0 ? "mobile" : "desktop", paths: pages.filter((_, bit) => (n >> bit) & 1) };
    });
    await seed(t, readers);
    const cases: StatsFilter[][] = [
      [],
      [{ dimension: "country", value: "FR" }],
      [{ dimension: "device", value: "mobile" }],
      [{ dimension: "country", value: "DE" }, { dimension: "device", value: "desktop" }],
      // A page filter is replaced by the goal's pages.
      [{ dimension: "page", value: "/other" }],
    ];
    for (const stage of ["tail", "rolled up"]) {
      if (stage === "rolled up") await rollup(t);
      for (const filters of cases) {
        const expected = bruteForce(readers, filters.filter((f) => f.dimension !== "page"));
        expect(await goal(t, filters), `${stage} ${JSON.stringify(filters)}`).toMatchObject({ ...expected, approximate: false });
      }
    }
  });

  test("past MAX_GOAL_PATHS matching pages, the pages read are capped and the goal is marked approximate", async () => {
    const t = initConvexTest({ transactionLimits: true });
    const slugs = Array.from({ length: MAX_GOAL_PATHS + 1 }, (_, i) => `how-${String(i).padStart(2, "0")}`);
    await seedContent(t, { posts: slugs.map((slug) => post(slug, slug)) });
    for (const [i, slug] of slugs.entries()) {
      await t.mutation(api.stats.recordPageView, { path: `/${slug}`, pageType: "blog", sessionId: sessionId(i + 1) });
    }
    const figures = await goal(t, []);
    expect(figures.approximate).toBe(true);
    // The cap is shared by the visit goals: the config's "/about" goal, listed first, takes one.
    expect(figures.visitors).toBe(MAX_GOAL_PATHS - 1);
  });
});
