// The one lookup /stats and the dashboard share for renamed posts' old paths.
import { describe, expect, test } from "vitest";
import { MAX_ALIAS_LOOKUPS, MAX_ALIASES_PER_POST } from "./constants";
import { liveGeneration } from "./content.live";
import { oldPathsOf, renamedPaths } from "./stats.aliases";
import { page, post, seedContent, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";

/** `count` posts, each with MAX_ALIASES_PER_POST old slugs `p<i>-old-<j>`; post 0 is a draft. */
async function seedRenamed(count: number): Promise<StatsTest> {
  const t = initConvexTest();
  const posts = Array.from({ length: count }, (_, i) => ({
    ...post(`p${i}`, `Post ${i}`, i !== 0),
    aliases: Array.from({ length: MAX_ALIASES_PER_POST }, (_, j) => `p${i}-old-${j}`),
  }));
  await seedContent(t, { posts });
  return t;
}

const lookup = (t: StatsTest, paths: string[]) =>
  t.run(async (ctx) => Object.fromEntries(await renamedPaths(ctx.db, await liveGeneration(ctx.db), paths)));

/** A published page at /p1-old-0, a published post at /p2-old-0 and a draft at /p2-old-1: rows the sync would refuse, written directly. */
async function liveUnderOldSlugs(t: StatsTest): Promise<void> {
  await t.run(async (ctx) => {
    const generation = await liveGeneration(ctx.db);
    const { content: _page, html: _pageHtml, ...pageRow } = page("p1-old-0", "A page now");
    await ctx.db.insert("pages", { ...pageRow, generation });
    for (const [slug, published] of [["p2-old-0", true], ["p2-old-1", false]] as const) {
      const { content: _post, html: _postHtml, ...postRow } = post(slug, slug, published);
      await ctx.db.insert("posts", { ...postRow, generation });
    }
  });
}

describe("renamedPaths", () => {
  test("maps old paths of published posts only; live, fixed, tag and unknown paths are left alone", async () => {
    const t = await seedRenamed(3);
    const paths = ["/p1-old-0", "/p2-old-9", "/p0-old-1", "/p1", "/", "/tags/p1-old-0", "/never-was", "/p1-old-0?x"];
    expect(await lookup(t, paths)).toEqual({ "/p1-old-0": "/p1", "/p2-old-9": "/p2" });
  });

  test("an old slug that is a published post or page now keeps its own row; a draft there does not", async () => {
    const t = await seedRenamed(3);
    await liveUnderOldSlugs(t);
    expect(await lookup(t, ["/p1-old-0", "/p2-old-0", "/p2-old-1", "/p1-old-1"])).toEqual({ "/p2-old-1": "/p2", "/p1-old-1": "/p1" });
  });

  test("reads the aliases and the old paths' own posts, not every live post", async () => {
    const t = initConvexTest({ transactionLimits: true });
    const many = Array.from({ length: 600 }, (_, i) => post(`live-${i}`, `Live ${i}`));
    await seedContent(t, { posts: [...many, { ...post("p1", "Post 1"), aliases: ["p1-old"] }] });
    const paths = [...many.map((p) => `/${p.slug}`), "/p1-old", "/never-was"];
    const { result, documentsRead } = await t.query(async (ctx) => {
      const result = Object.fromEntries(await renamedPaths(ctx.db, await liveGeneration(ctx.db), paths));
      return { result, documentsRead: (await ctx.meta.getTransactionMetrics()).documentsRead.used };
    });
    expect(result).toEqual({ "/p1-old": "/p1" });
    // contentLive, the one alias, and its post; no post or page is under the old path.
    expect(documentsRead).toBe(3);
  });

  test("past MAX_ALIAS_LOOKUPS old slugs on the site, the first MAX_ALIAS_LOOKUPS unknown paths are looked up one by one", async () => {
    const posts = MAX_ALIAS_LOOKUPS / MAX_ALIASES_PER_POST + 2;
    const t = await seedRenamed(posts);
    const missing = Array.from({ length: MAX_ALIAS_LOOKUPS - 1 }, (_, i) => `/missing-${i}`);
    const last = `/p${posts - 1}-old-3`;
    // Both old paths are found while within the cap; the one after the cap is not.
    expect(await lookup(t, ["/p1-old-2", ...missing, last])).toEqual({ "/p1-old-2": "/p1" });
    expect(await lookup(t, [last, ...missing, "/p1-old-2"])).toEqual({ [last]: `/p${posts - 1}` });
    // Looked up one by one, a live page or post under an old slug still keeps its own row.
    await liveUnderOldSlugs(t);
    expect(await lookup(t, ["/p1-old-0", "/p2-old-0", "/p2-old-1", "/p1-old-1"])).toEqual({ "/p2-old-1": "/p2", "/p1-old-1": "/p1" });
  });
});

describe("oldPathsOf", () => {
  test("a published post's old paths; nothing for a draft, a page that is no post, or a malformed path", async () => {
    const t = await seedRenamed(2);
    const of = (path: string) => t.run(async (ctx) => (await oldPathsOf(ctx.db, path)).sort());
    expect(await of("/p1")).toEqual(Array.from({ length: MAX_ALIASES_PER_POST }, (_, j) => `/p1-old-${j}`).sort());
    expect(await of("/p0")).toEqual([]);
    expect(await of("/nothing")).toEqual([]);
    expect(await of("/")).toEqual([]);
    expect(await of("p1")).toEqual([]);
  });
});
