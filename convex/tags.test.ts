import { describe, expect, test } from "vitest";
import { api, internal } from "./_generated/api";
import { MAX_TAGS_PER_POST } from "./constants";
import { makePost } from "./content.fixtures";
import type { Post } from "./validators";
import { initConvexTest } from "./test.setup";

async function withPosts(posts: Post[]) {
  const t = initConvexTest({ transactionLimits: true });
  await t.mutation(internal.content.sync, { posts, pages: [] });
  return t;
}

const posts = () => [
  makePost("old", { date: "2024-01-01", tags: ["convex", "notes"] }),
  makePost("new", { date: "2025-06-01", tags: ["convex"] }),
  makePost("mid", { date: "2025-01-01", tags: ["design"] }),
  makePost("draft", { date: "2025-09-01", tags: ["convex", "secret"], published: false }),
];

describe("tags", () => {
  test("lists every tag of a published post with its count, alphabetically; drafts count for nothing", async () => {
    const t = await withPosts(posts());
    expect(await t.query(api.tags.list, {})).toEqual([
      { tag: "convex", count: 2 },
      { tag: "design", count: 1 },
      { tag: "notes", count: 1 },
    ]);
  });

  test("a tag's page lists its published posts newest first", async () => {
    const t = await withPosts(posts());
    const page = await t.query(api.tags.getPosts, { tag: "convex" });
    expect(page?.count).toBe(2);
    expect(page?.posts.map((p) => p.slug)).toEqual(["new", "old"]);
    expect(page?.posts[0]).not.toHaveProperty("content");
    expect(await t.query(api.tags.getPosts, { tag: "secret" })).toBeNull();
    expect(await t.query(api.tags.getPosts, { tag: "unknown" })).toBeNull();
  });

  test("follows a sync: retagged, published and deleted posts", async () => {
    const t = await withPosts(posts());
    await t.mutation(internal.content.sync, {
      posts: [
        makePost("new", { date: "2025-06-01", tags: ["design"], contentHash: "2" }),
        makePost("mid", { date: "2025-01-01", tags: ["design"] }),
        makePost("draft", { date: "2025-09-01", tags: ["convex", "secret"], published: true }),
      ],
      pages: [],
    });
    expect(await t.query(api.tags.list, {})).toEqual([
      { tag: "convex", count: 1 },
      { tag: "design", count: 2 },
      { tag: "secret", count: 1 },
    ]);
    expect((await t.query(api.tags.getPosts, { tag: "design" }))?.posts.map((p) => p.slug)).toEqual(["new", "mid"]);
  });

  test("an unchanged sync writes no tag rows", async () => {
    const t = await withPosts(posts());
    const before = await t.run(async (ctx) => [...(await ctx.db.query("postLists").collect()), ...(await ctx.db.query("tags").collect())]);
    await t.mutation(internal.content.sync, { posts: posts(), pages: [] });
    const after = await t.run(async (ctx) => [...(await ctx.db.query("postLists").collect()), ...(await ctx.db.query("tags").collect())]);
    expect(after).toEqual(before);
  });

  test.each([
    ["Upper", 'tag "Upper" may contain only lowercase letters, digits and hyphens'],
    ["a b", 'tag "a b" may contain only lowercase letters, digits and hyphens'],
    ["", 'tag "" is empty'],
    ["x".repeat(41), "is longer than 40 characters"],
  ])("the sync refuses the tag %j and writes nothing", async (tag, message) => {
    const t = initConvexTest();
    await expect(t.mutation(internal.content.sync, { posts: [makePost("p", { tags: [tag] })], pages: [] })).rejects.toThrow(message);
    expect(await t.run((ctx) => ctx.db.query("posts").collect())).toEqual([]);
  });

  test("the sync refuses repeated tags and too many tags", async () => {
    const t = initConvexTest();
    await expect(t.mutation(internal.content.sync, { posts: [makePost("p", { tags: ["a", "a"] })], pages: [] })).rejects.toThrow(
      'tag "a" is listed twice',
    );
    const many = Array.from({ length: MAX_TAGS_PER_POST + 1 }, (_, i) => `t${i}`);
    await expect(t.mutation(internal.content.sync, { posts: [makePost("p", { tags: many })], pages: [] })).rejects.toThrow("at most 10");
  });

  test("a malformed tag argument is a clear error", async () => {
    const t = initConvexTest();
    await expect(t.query(api.tags.getPosts, { tag: "Not/A Tag" })).rejects.toThrow("Invalid tag");
  });
});
