import type { GenericDatabaseWriter } from "convex/server";
import { describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import type { DataModel } from "./_generated/dataModel";
import { applySync, planChanges, type SyncArgs } from "./content";
import { makePage, makePost } from "./content.fixtures";
import { initConvexTest, modules } from "./test.setup";

type Db = GenericDatabaseWriter<DataModel>;
const none = { created: 0, updated: 0, deleted: 0, unchanged: 0 };

/** Every stored row, each with its body joined back on, as the sync was given them. */
async function snapshot(t: ReturnType<typeof initConvexTest>) {
  return t.run(async (ctx) => {
    const bodies = await ctx.db.query("bodies").collect();
    const bodyOf = (id: string) => {
      const found = bodies.filter((b) => b.ownerId === id);
      expect(found, `one body for ${id}`).toHaveLength(1);
      return { content: found[0]!.content, html: found[0]!.html };
    };
    const posts = (await ctx.db.query("posts").collect()).map((p) => ({ ...p, ...bodyOf(p._id) }));
    const pages = (await ctx.db.query("pages").collect()).map((p) => ({ ...p, ...bodyOf(p._id) }));
    expect(bodies, "no orphaned bodies").toHaveLength(posts.length + pages.length);
    return { posts, pages };
  });
}

/** Wraps a db so every write is counted, then runs one sync through it. */
async function countedSync(t: ReturnType<typeof initConvexTest>, args: SyncArgs) {
  return t.run(async (ctx) => {
    const writes: string[] = [];
    const counted = new Proxy(ctx.db, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        return (...fnArgs: unknown[]) => {
          if (["insert", "patch", "replace", "delete"].includes(String(prop))) writes.push(String(prop));
          return (value as (...a: unknown[]) => unknown).apply(target, fnArgs);
        };
      },
    }) as Db;
    const result = await applySync(counted, args);
    return { result, writes };
  });
}

const base = (): SyncArgs => ({
  posts: [makePost("first"), makePost("second", { published: false })],
  pages: [makePage("about", { order: 1 })],
});

describe("content.sync", () => {
  test("creates every document on the first run", async () => {
    const t = initConvexTest();
    const result = await t.mutation(internal.content.sync, base());
    expect(result).toEqual({
      posts: { ...none, created: 2 },
      pages: { ...none, created: 1 },
    });
    const { posts, pages } = await snapshot(t);
    expect(posts.map((p) => p.slug).sort()).toEqual(["first", "second"]);
    expect(pages[0]).toMatchObject(makePage("about", { order: 1 }));
  });

  test("a second identical run reports everything unchanged and writes nothing", async () => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, base());
    const before = await snapshot(t);

    const { result, writes } = await countedSync(t, base());

    expect(result).toEqual({ posts: { ...none, unchanged: 2 }, pages: { ...none, unchanged: 1 } });
    expect(writes).toEqual([]);
    expect(await snapshot(t)).toEqual(before);
  });

  test("is idempotent: running the same change twice ends in the same state", async () => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, base());
    const changed: SyncArgs = { ...base(), posts: [makePost("first", { title: "New title", contentHash: "h2" })] };
    await t.mutation(internal.content.sync, changed);
    const once = await snapshot(t);
    const again = await t.mutation(internal.content.sync, changed);
    expect(again).toEqual({ posts: { ...none, unchanged: 1 }, pages: { ...none, unchanged: 1 } });
    expect(await snapshot(t)).toEqual(once);
  });

  test("a change stages a new generation of rows and leaves none of the old one", async () => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, base());
    const before = await snapshot(t);
    const next = base();
    next.posts[0] = makePost("first", { tags: ["notes", "convex"], contentHash: "h2" });

    const result = await t.mutation(internal.content.sync, next);

    expect(result.posts).toEqual({ ...none, updated: 1, unchanged: 1 });
    const after = await snapshot(t);
    expect(after.posts).toHaveLength(2);
    expect(after.posts.find((p) => p.slug === "first")?.tags).toEqual(["notes", "convex"]);
    expect(new Set(after.posts.map((p) => p.generation))).toEqual(new Set([before.posts[0]!.generation! + 1]));
    const derived = await t.run(async (ctx) => ({
      searchEntries: (await ctx.db.query("searchEntries").collect()).length,
      lists: (await ctx.db.query("postLists").collect()).map((row) => row.list).sort(),
      tags: (await ctx.db.query("tags").collect()).map(({ tag, count }) => ({ tag, count })).sort((a, b) => a.tag.localeCompare(b.tag)),
    }));
    expect(derived).toEqual({
      searchEntries: 3,
      lists: ["all", "tag:convex", "tag:notes"],
      tags: [
        { tag: "convex", count: 1 },
        { tag: "notes", count: 1 },
      ],
    });
  });

  test("keeps bodies out of the post and page rows", async () => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, base());
    const rows = await t.run(async (ctx) => [...(await ctx.db.query("posts").collect()), ...(await ctx.db.query("pages").collect())]);
    for (const row of rows) {
      expect(row).not.toHaveProperty("content");
      expect(row).not.toHaveProperty("html");
    }
  });

  test("a new body and a newly published post reach readers", async () => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, base());
    const next = base();
    next.posts[0] = makePost("first", { content: "Rewritten.", html: "<p>Rewritten.</p>", contentHash: "h2" });
    next.posts[1] = makePost("second", { published: true });

    const result = await t.mutation(internal.content.sync, next);

    expect(result.posts).toEqual({ ...none, updated: 2 });
    const { posts } = await snapshot(t);
    expect(posts.find((p) => p.slug === "first")).toMatchObject({ content: "Rewritten.", html: "<p>Rewritten.</p>" });
    expect((await t.query(api.posts.getBySlug, { slug: "first" }))?.html).toBe("<p>Rewritten.</p>");
    expect((await t.query(api.posts.list, {})).map((p) => p.slug).sort()).toEqual(["first", "second"]);
  });

  test("a field that changed without a new hash still updates", async () => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, base());
    const next = base();
    next.pages[0] = makePage("about", { order: 2 });
    const result = await t.mutation(internal.content.sync, next);
    expect(result.pages).toEqual({ ...none, updated: 1 });
  });

  test("removing an optional field clears it", async () => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, { posts: [makePost("first", { image: "/images/a.svg" })], pages: [] });
    await t.mutation(internal.content.sync, { posts: [makePost("first")], pages: [] });
    const { posts } = await snapshot(t);
    expect(posts[0]).not.toHaveProperty("image");
  });

  test("deletes documents whose files are gone", async () => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, base());
    const result = await t.mutation(internal.content.sync, { posts: [makePost("first")], pages: [] });
    expect(result).toEqual({ posts: { ...none, deleted: 1, unchanged: 1 }, pages: { ...none, deleted: 1 } });
    const { posts, pages } = await snapshot(t);
    expect(posts.map((p) => p.slug)).toEqual(["first"]);
    expect(pages).toEqual([]);
  });

  test("a dry run counts the changes and writes nothing", async () => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, base());
    const before = await snapshot(t);
    const { result, writes } = await countedSync(t, { posts: [makePost("third")], pages: [], dryRun: true });
    expect(result).toEqual({ posts: { ...none, created: 1, deleted: 2 }, pages: { ...none, deleted: 1 } });
    expect(writes).toEqual([]);
    expect(await snapshot(t)).toEqual(before);
  });

  test.each([
    ["a malformed slug", { posts: [makePost("Bad Slug")], pages: [] }, /Bad Slug/],
    ["a reserved slug", { posts: [], pages: [makePage("stats")] }, /reserved/],
    ["a slug used twice", { posts: [makePost("same")], pages: [makePage("same")] }, /more than once/],
  ])("rejects %s and writes nothing", async (_name, args, message) => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, base());
    const before = await snapshot(t);
    await expect(t.mutation(internal.content.sync, args)).rejects.toThrow(message);
    expect(await snapshot(t)).toEqual(before);
  });
});

describe("planChanges", () => {
  test("splits documents into create, update, remove and unchanged", () => {
    const stored = [{ slug: "a", v: 1 }, { slug: "b", v: 1 }, { slug: "c", v: 1 }];
    const plan = planChanges(stored, [{ slug: "a", v: 1 }, { slug: "b", v: 2 }, { slug: "d", v: 1 }]);
    expect(plan.unchanged).toEqual([{ slug: "a", v: 1 }]);
    expect(plan.update).toEqual([{ existing: { slug: "b", v: 1 }, next: { slug: "b", v: 2 } }]);
    expect(plan.create).toEqual([{ slug: "d", v: 1 }]);
    expect(plan.remove).toEqual([{ slug: "c", v: 1 }]);
  });

  test("removes a stored duplicate of a slug", () => {
    const plan = planChanges([{ slug: "a", n: 1 }, { slug: "a", n: 2 }], [{ slug: "a", n: 1 }]);
    expect(plan.remove).toEqual([{ slug: "a", n: 2 }]);
    expect(plan.unchanged).toEqual([{ slug: "a", n: 1 }]);
  });
});

describe("publication history for the chart's markers", () => {
  const publications = (t: ReturnType<typeof initConvexTest>) =>
    t.run(async (ctx) => (await ctx.db.query("publications").collect()).map(({ slug, firstPublishedAt }) => ({ slug, firstPublishedAt })));

  test("a post first seen published gets the sync's time, kept through later syncs; drafts get none", async () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(Date.UTC(2025, 5, 1, 12));
      const t = initConvexTest();
      await t.mutation(internal.content.sync, { posts: [makePost("a"), makePost("b", { published: false })], pages: [] });
      expect(await publications(t)).toEqual([{ slug: "a", firstPublishedAt: Date.UTC(2025, 5, 1, 12) }]);
      vi.setSystemTime(Date.UTC(2025, 5, 3, 8));
      await t.mutation(internal.content.sync, { posts: [makePost("a", { title: "Renamed" }), makePost("b")], pages: [] });
      expect(await publications(t)).toEqual([
        { slug: "a", firstPublishedAt: Date.UTC(2025, 5, 1, 12) },
        { slug: "b", firstPublishedAt: Date.UTC(2025, 5, 3, 8) },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  test("after an upgrade, posts that were already published are dated from their front matter", async () => {
    const t = initConvexTest();
    // A post an older version of the sync wrote: no generation, no marker.
    await t.run(async (ctx) => {
      const { content, html, ...row } = makePost("old", { date: "2024-03-05" });
      const ownerId = await ctx.db.insert("posts", row);
      await ctx.db.insert("bodies", { ownerId, content, html });
    });
    await t.mutation(internal.content.sync, { posts: [makePost("old", { date: "2024-03-05" })], pages: [] });
    expect(await publications(t)).toEqual([{ slug: "old", firstPublishedAt: Date.UTC(2024, 2, 5) }]);
  });
});

describe("who can write content", () => {
  // convex-test runs internal functions for any caller, so visibility is
  // checked where Convex itself reads it: the flags on each registered export
  // of every module that Convex would deploy.
  type Registered = { isMutation?: boolean; isAction?: boolean; isQuery?: boolean; isPublic?: boolean; isInternal?: boolean };
  async function registered() {
    const loaded = await Promise.all(
      Object.entries(modules).map(async ([file, load]) => [file.replace(/^\.\/(.*)\.ts$/, "$1"), await load()] as const),
    );
    return loaded.flatMap(([moduleName, exports]) =>
      Object.entries(exports as Record<string, unknown>)
        .filter(([, value]) => typeof value === "function" && ("isPublic" in value || "isInternal" in value))
        .map(([name, value]) => ({ name: `${moduleName}:${name}`, fn: value as Registered })),
    );
  }

  test("the only public writes are the tracking mutations", async () => {
    const writers = (await registered()).filter(({ fn }) => (fn.isMutation || fn.isAction) && fn.isPublic);
    expect(writers.map((w) => w.name).sort()).toEqual([
      "links:recordClick",
      "presence:heartbeat",
      "presence:leave",
      "searchStats:recordOpen",
      "searchStats:recordSearch",
      "stats:recordEngagement",
      "stats:recordPageView",
    ]);
  });

  test.each(["content:sync", "content:beginStaging", "content:stage", "content:switchToStaged", "content:removeStaleGenerations"])(
    "%s is internal",
    async (name) => {
      const sync = (await registered()).find((r) => r.name === name);
      expect({ isMutation: sync?.fn.isMutation, isInternal: sync?.fn.isInternal, isPublic: sync?.fn.isPublic === true }).toEqual({
        isMutation: true,
        isInternal: true,
        isPublic: false,
      });
    },
  );

  test("every public query is one the site reads", async () => {
    const publicQueries = (await registered()).filter(({ fn }) => fn.isPublic && fn.isQuery).map(({ name }) => name);
    expect(publicQueries.sort()).toEqual([
      "dashboard:breakdown",
      "dashboard:checkKey",
      "dashboard:series",
      "dashboard:settings",
      "dashboard:shareLink",
      "dashboard:summary",
      "feedStats:subscribers",
      "goals:report",
      "links:report",
      "pages:getBySlug",
      "pages:list",
      "posts:getBySlug",
      "posts:getEnd",
      "posts:list",
      "posts:listPage",
      "posts:movedTo",
      "presence:readers",
      "realtime:lastMinutes",
      "search:index",
      "search:snippets",
      "searchStats:terms",
      "stats:getStats",
      "tags:getPosts",
      "tags:list",
    ]);
  });
});
