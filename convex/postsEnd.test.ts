import { describe, expect, test } from "vitest";
import { api, internal } from "./_generated/api";
import { makePost } from "./content.fixtures";
import type { Post } from "./validators";
import { initConvexTest } from "./test.setup";

async function withPosts(posts: Post[]) {
  const t = initConvexTest({ transactionLimits: true });
  await t.mutation(internal.content.sync, { posts, pages: [] });
  return t;
}

const slugs = (posts: { slug: string }[]) => posts.map((p) => p.slug);

describe("posts.getEnd: older and newer", () => {
  const posts = () => [
    makePost("a", { date: "2025-01-01" }),
    makePost("b", { date: "2025-02-01" }),
    makePost("draft", { date: "2025-02-15", published: false }),
    makePost("c", { date: "2025-03-01" }),
  ];

  test("links the neighbours by date, skipping drafts; none past either end", async () => {
    const t = await withPosts(posts());
    const b = await t.query(api.posts.getEnd, { slug: "b" });
    expect(b?.older).toEqual({ slug: "a", title: "Title of a", date: "2025-01-01" });
    expect(b?.newer?.slug).toBe("c");
    expect((await t.query(api.posts.getEnd, { slug: "a" }))?.older).toBeNull();
    expect((await t.query(api.posts.getEnd, { slug: "c" }))?.newer).toBeNull();
    expect(await t.query(api.posts.getEnd, { slug: "draft" })).toBeNull();
    expect(await t.query(api.posts.getEnd, { slug: "nothing" })).toBeNull();
  });

  test("posts of one date follow the home page's order", async () => {
    const t = await withPosts([makePost("x", { date: "2025-05-05" }), makePost("y", { date: "2025-05-05" }), makePost("z", { date: "2025-05-05" })]);
    const home = slugs((await t.query(api.posts.listPage, { page: 1 }))!.posts);
    const middle = await t.query(api.posts.getEnd, { slug: home[1]! });
    expect(middle?.newer?.slug).toBe(home[0]);
    expect(middle?.older?.slug).toBe(home[2]);
  });

  test("a newly synced post becomes the newest one's newer neighbour", async () => {
    const t = await withPosts(posts());
    expect((await t.query(api.posts.getEnd, { slug: "c" }))?.newer).toBeNull();
    await t.mutation(internal.content.sync, { posts: [...posts(), makePost("d", { date: "2025-04-01" })], pages: [] });
    expect((await t.query(api.posts.getEnd, { slug: "c" }))?.newer?.slug).toBe("d");
  });
});

describe("posts.getEnd: related", () => {
  test("most shared tags first, then the most recent; at most 3; never itself or a draft", async () => {
    const t = await withPosts([
      makePost("self", { date: "2025-01-01", tags: ["a", "b", "c"] }),
      makePost("one-old", { date: "2024-01-01", tags: ["a"] }),
      makePost("one-new", { date: "2024-06-01", tags: ["b"] }),
      makePost("two", { date: "2023-01-01", tags: ["a", "c"] }),
      makePost("three", { date: "2022-01-01", tags: ["a", "b", "c"] }),
      makePost("none", { date: "2025-06-01", tags: ["z"] }),
      makePost("draft", { date: "2025-06-01", tags: ["a", "b", "c"], published: false }),
    ]);
    const end = await t.query(api.posts.getEnd, { slug: "self" });
    expect(slugs(end!.related)).toEqual(["three", "two", "one-new"]);
    expect(end!.related[0]).not.toHaveProperty("content");
  });

  test("a post without tags has no related posts", async () => {
    const t = await withPosts([makePost("bare", { tags: [] }), makePost("other", { tags: ["a"] })]);
    expect((await t.query(api.posts.getEnd, { slug: "bare" }))?.related).toEqual([]);
  });
});
