import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { api, internal } from "./_generated/api";
import { POSTS_LIST_LIMIT } from "./constants";
import { makePost } from "./content.fixtures";
import { initConvexTest } from "./test.setup";
import type { Post } from "./validators";

async function seed(posts: Post[]) {
  const t = initConvexTest();
  await t.mutation(internal.content.sync, { posts, pages: [] });
  return t;
}

describe("posts.list", () => {
  test("lists published posts only, newest first, without bodies", async () => {
    const t = await seed([
      makePost("old", { date: "2024-03-01" }),
      makePost("draft", { date: "2026-01-01", published: false }),
      makePost("new", { date: "2025-06-30", image: "/images/cover.svg" }),
      makePost("middle", { date: "2025-01-15" }),
    ]);
    const posts = await t.query(api.posts.list, {});
    expect(posts.map((p) => p.slug)).toEqual(["new", "middle", "old"]);
    expect(posts[0]).toEqual({
      slug: "new",
      title: "Title of new",
      description: "About new.",
      date: "2025-06-30",
      tags: ["notes"],
      readTime: "1 min read",
      image: "/images/cover.svg",
    });
    expect(posts[1]).not.toHaveProperty("image");
    expect(posts[1]).not.toHaveProperty("html");
  });

  test("is empty without content", async () => {
    const t = initConvexTest();
    expect(await t.query(api.posts.list, {})).toEqual([]);
  });

  test(`lists all ${POSTS_LIST_LIMIT} posts a sync can hold`, async () => {
    // Rows written directly, as a finished sync leaves them: syncing 5,000
    // posts through convex-test (a table scan per query) would take minutes.
    const t = initConvexTest({ transactionLimits: true });
    for (let from = 0; from < POSTS_LIST_LIMIT; from += 1000) {
      await t.run(async (ctx) => {
        for (let i = from; i < from + 1000; i++) {
          const { content: _c, html: _h, ...row } = makePost(`post-${i}`, { date: "2025-01-01" });
          await ctx.db.insert("posts", { ...row, generation: 1 });
        }
      });
    }
    await t.run(async (ctx) => void (await ctx.db.insert("contentLive", { generation: 1 })));
    expect(await t.query(api.posts.list, {})).toHaveLength(POSTS_LIST_LIMIT);
  });
});

describe("posts.getBySlug", () => {
  test("returns a published post with its html and markdown", async () => {
    const t = await seed([makePost("hello")]);
    const post = await t.query(api.posts.getBySlug, { slug: "hello" });
    expect(post).toMatchObject({ slug: "hello", html: "<p>Body of hello.</p>", content: "Body of hello." });
    expect(post).not.toHaveProperty("contentHash");
    expect(post).not.toHaveProperty("published");
  });

  test("returns null for an unknown or unpublished slug", async () => {
    const t = await seed([makePost("draft", { published: false })]);
    expect(await t.query(api.posts.getBySlug, { slug: "draft" })).toBeNull();
    expect(await t.query(api.posts.getBySlug, { slug: "missing" })).toBeNull();
  });

  test.each(["", "Upper", "has space", "../etc", "a".repeat(201)])("rejects the malformed slug %j", async (slug) => {
    const t = initConvexTest();
    await expect(t.query(api.posts.getBySlug, { slug })).rejects.toSatisfy((e: unknown) => e instanceof ConvexError && /Invalid slug/.test(String(e.data)));
  });
});
