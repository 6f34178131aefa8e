// The one lookup /stats and the dashboard share for renamed posts' old paths.
import { describe, expect, test } from "vitest";
import { MAX_ALIAS_LOOKUPS, MAX_ALIASES_PER_POST } from "./constants";
import { liveGeneration } from "./content.live";
import { oldPathsOf, renamedPaths } from "./stats.aliases";
import { post, seedContent, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";

const live = (slugs: string[]) => new Set(slugs.map((slug) => `/${slug}`));

/** `count` posts, each with MAX_ALIASES_PER_POST old slugs `p<i>-old-<j>`; post 0 is a draft. */
async function seedRenamed(count: number): Promise<{ t: StatsTest; slugs: string[] }> {
  const t = initConvexTest();
  const posts = Array.from({ length: count }, (_, i) => ({
    ...post(`p${i}`, `Post ${i}`, i !== 0),
    aliases: Array.from({ length: MAX_ALIASES_PER_POST }, (_, j) => `p${i}-old-${j}`),
  }));
  await seedContent(t, { posts });
  return { t, slugs: posts.filter((p) => p.published).map((p) => p.slug) };
}

const lookup = (t: StatsTest, paths: string[], slugs: string[]) =>
  t.run(async (ctx) => Object.fromEntries(await renamedPaths(ctx.db, await liveGeneration(ctx.db), paths, live(slugs))));

describe("renamedPaths", () => {
  test("maps old paths of published posts only; live, fixed, tag and unknown paths are left alone", async () => {
    const { t, slugs } = await seedRenamed(3);
    const paths = ["/p1-old-0", "/p2-old-9", "/p0-old-1", "/p1", "/", "/tags/p1-old-0", "/never-was", "/p1-old-0?x"];
    expect(await lookup(t, paths, slugs)).toEqual({ "/p1-old-0": "/p1", "/p2-old-9": "/p2" });
  });

  test("past MAX_ALIAS_LOOKUPS old slugs on the site, the first MAX_ALIAS_LOOKUPS unknown paths are looked up one by one", async () => {
    const posts = MAX_ALIAS_LOOKUPS / MAX_ALIASES_PER_POST + 2;
    const { t, slugs } = await seedRenamed(posts);
    const missing = Array.from({ length: MAX_ALIAS_LOOKUPS - 1 }, (_, i) => `/missing-${i}`);
    const last = `/p${posts - 1}-old-3`;
    // Both old paths are found while within the cap; the one after the cap is not.
    expect(await lookup(t, ["/p1-old-2", ...missing, last], slugs)).toEqual({ "/p1-old-2": "/p1" });
    expect(await lookup(t, [last, ...missing, "/p1-old-2"], slugs)).toEqual({ [last]: `/p${posts - 1}` });
  });
});

describe("oldPathsOf", () => {
  test("a published post's old paths; nothing for a draft, a page that is no post, or a malformed path", async () => {
    const { t } = await seedRenamed(2);
    const of = (path: string) => t.run(async (ctx) => (await oldPathsOf(ctx.db, path)).sort());
    expect(await of("/p1")).toEqual(Array.from({ length: MAX_ALIASES_PER_POST }, (_, j) => `/p1-old-${j}`).sort());
    expect(await of("/p0")).toEqual([]);
    expect(await of("/nothing")).toEqual([]);
    expect(await of("/")).toEqual([]);
    expect(await of("p1")).toEqual([]);
  });
});
