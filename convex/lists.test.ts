import type { GenericDatabaseReader } from "convex/server";
import { describe, expect, test } from "vitest";
import { api, internal } from "./_generated/api";
import type { DataModel } from "./_generated/dataModel";
import { MAX_LIST_PAGES, POSTS_PER_PAGE } from "./constants";
import { makePost } from "./content.fixtures";
import { liveGeneration } from "./content.live";
import { ALL_POSTS, readListPage } from "./lists";
import { initConvexTest } from "./test.setup";

const COUNT = 120;
const dateOf = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
// Post i is i days after 2020-01-01: p119 is the newest. Even ones are tagged "even".
const generated = () =>
  Array.from({ length: COUNT }, (_, i) =>
    makePost(`p${i}`, { date: dateOf(i), tags: i % 2 === 0 ? ["even", "all-of-them"] : ["all-of-them"] }),
  );
const newestFirst = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `p${COUNT - 1 - from - k}`);

async function seeded() {
  const t = initConvexTest({ transactionLimits: true });
  await t.mutation(internal.content.sync, { posts: [...generated(), makePost("draft", { date: "2030-01-01", published: false })], pages: [] });
  return t;
}

describe("pages of 120 posts", () => {
  test("the home list pages by 20, newest first, with no gaps or repeats, and ends", async () => {
    const t = await seeded();
    const seen: string[] = [];
    for (let page = 1; page <= 6; page++) {
      const found = await t.query(api.posts.listPage, { page });
      expect(found?.page).toBe(page);
      expect(found?.pageCount).toBe(6);
      expect(found?.posts).toHaveLength(POSTS_PER_PAGE);
      seen.push(...found!.posts.map((p) => p.slug));
    }
    expect(seen).toEqual(newestFirst(0, COUNT));
    expect(await t.query(api.posts.listPage, { page: 7 })).toBeNull();
  });

  test("a tag's pages hold only its posts", async () => {
    const t = await seeded();
    const second = await t.query(api.tags.getPosts, { tag: "even", page: 2 });
    expect(second).toMatchObject({ tag: "even", count: 60, page: 2, pageCount: 3 });
    expect(second?.posts.map((p) => p.slug)).toEqual(Array.from({ length: 20 }, (_, k) => `p${118 - 2 * (20 + k)}`));
    expect(await t.query(api.tags.getPosts, { tag: "even", page: 4 })).toBeNull();
    expect((await t.query(api.tags.getPosts, { tag: "all-of-them", page: 6 }))?.posts).toHaveLength(20);
  });

  test("each page reads one page of rows and posts, wherever it is in the list", async () => {
    const t = await seeded();
    for (const page of [1, 6]) {
      const reads = await t.run(async (ctx) => {
        let gets = 0;
        const counted = new Proxy(ctx.db, {
          get(target, prop, receiver) {
            const value: unknown = Reflect.get(target, prop, receiver);
            if (prop === "get") return (...args: unknown[]) => (gets++, (value as (...a: unknown[]) => unknown).apply(target, args));
            return typeof value === "function" ? value.bind(target) : value;
          },
        }) as GenericDatabaseReader<DataModel>;
        await readListPage(counted, await liveGeneration(ctx.db), ALL_POSTS, page);
        return gets;
      });
      expect(reads).toBe(POSTS_PER_PAGE);
    }
  });

  test("a new post moves every page along by one", async () => {
    const t = await seeded();
    await t.mutation(internal.content.sync, { posts: [...generated(), makePost("newest", { date: "2029-01-01" })], pages: [] });
    expect((await t.query(api.posts.listPage, { page: 1 }))?.posts[0]?.slug).toBe("newest");
    const last = await t.query(api.posts.listPage, { page: 7 });
    expect(last?.posts.map((p) => p.slug)).toEqual(["p0"]);
  });

  test.each([0, -1, 1.5, MAX_LIST_PAGES + 1, Number.NaN])("page %s is a clear error", async (page) => {
    const t = initConvexTest();
    await expect(t.query(api.posts.listPage, { page })).rejects.toThrow("Invalid page");
  });

  test("an empty site has one empty first page", async () => {
    const t = initConvexTest();
    expect(await t.query(api.posts.listPage, { page: 1 })).toEqual({ posts: [], page: 1, pageCount: 1 });
    expect(await t.query(api.posts.listPage, { page: 2 })).toBeNull();
  });
});
