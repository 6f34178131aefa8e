// Renamed posts keep their history: `aliases:` (old slugs) redirect and count as the post.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { expectConvexError, initConvexTest } from "./test.setup";

const START = Date.UTC(2025, 0, 1);
const renamed = { ...post("new-name", "New name"), aliases: ["old-name", "older-name"] };

async function setup(published = true): Promise<StatsTest> {
  const t = initConvexTest();
  await seedContent(t, { posts: [{ ...renamed, published }, post("other", "Other")] });
  return t;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("aliases", () => {
  test("an old slug leads to the published post's slug now; nothing else does", async () => {
    const t = await setup();
    expect(await t.query(api.posts.movedTo, { slug: "old-name" })).toBe("new-name");
    expect(await t.query(api.posts.movedTo, { slug: "older-name" })).toBe("new-name");
    expect(await t.query(api.posts.movedTo, { slug: "other" })).toBeNull();
    expect(await t.query(api.posts.movedTo, { slug: "never-was" })).toBeNull();
  });

  test("a draft's old slugs lead nowhere", async () => {
    const t = await setup(false);
    expect(await t.query(api.posts.movedTo, { slug: "old-name" })).toBeNull();
  });

  test("a re-sync without an alias drops it", async () => {
    const t = await setup();
    await seedContent(t, { posts: [{ ...renamed, aliases: ["older-name"] }, post("other", "Other")] });
    expect(await t.query(api.posts.movedTo, { slug: "old-name" })).toBeNull();
    expect(await t.query(api.posts.movedTo, { slug: "older-name" })).toBe("new-name");
  });

  test.each([
    ["a live slug", ["other"], /already a slug or another alias/],
    ["its own slug", ["new-name"], /already a slug or another alias/],
    ["a malformed slug", ["Old Name"], /alias "Old Name"/],
  ])("the sync refuses an alias that is %s", async (_name, aliases, message) => {
    const t = initConvexTest();
    await expectConvexError(seedContent(t, { posts: [{ ...renamed, aliases }, post("other", "Other")] }), message);
  });

  test("GET /api/moved answers the slug now, or 404", async () => {
    const t = await setup();
    const moved = await t.fetch("/api/moved?slug=old-name");
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ slug: "new-name" });
    expect((await t.fetch("/api/moved?slug=other")).status).toBe(404);
  });
});

describe("views of an old path count as the post", () => {
  test("a view of the old path is stored under the post's path", async () => {
    const t = await setup();
    await t.mutation(api.stats.recordPageView, { path: "/old-name", pageType: "blog", sessionId: sessionId(1) });
    const views = await t.run((ctx) => ctx.db.query("pageViews").collect());
    expect(views.map((v) => [v.path, v.pageType, v.entryPath])).toEqual([["/new-name", "blog", "/new-name"]]);
  });

  test("views recorded before the rename show under the post's title, added to its new ones", async () => {
    const t = initConvexTest();
    await seedContent(t, { posts: [post("old-name", "Old name")] });
    await t.mutation(api.stats.recordPageView, { path: "/old-name", pageType: "blog", sessionId: sessionId(1) });
    await t.mutation(api.stats.recordPageView, { path: "/old-name", pageType: "blog", sessionId: sessionId(2) });
    await seedContent(t, { posts: [renamed] });
    await t.mutation(api.stats.recordPageView, { path: "/new-name", pageType: "blog", sessionId: sessionId(3) });
    const stats = await t.query(api.stats.getStats, {});
    expect(stats.pageStats).toEqual([{ path: "/new-name", title: "New name", pageType: "blog", views: 3 }]);
  });
});
