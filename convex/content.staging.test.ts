import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { MAX_TAGS_PER_POST, SYNC_BATCH_POSTS } from "./constants";
import { runStagedSync, stagingBatches, type StagedSyncCalls } from "./content.batches";
import { makePage, makePost } from "./content.fixtures";
import { bigPost, drainStale, measuredCalls, type StepUsage, type SyncTest } from "./content.staging.fixtures";
import { expectConvexError, initConvexTest } from "./test.setup";
import type { Post } from "./validators";

// The staged sync (convex/content.stage.ts) with Convex's transaction limits on.

const MiB = 1024 * 1024;
const NOW = Date.UTC(2026, 0, 1);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const t = initConvexTest({ transactionLimits: true });
  const usage: StepUsage[] = [];
  const calls = measuredCalls(t, () => Date.now(), (u) => usage.push(u));
  return { t, usage, calls };
}

/** The same calls as the sync script makes, through the internal mutations. */
function mutationCalls(t: SyncTest): StagedSyncCalls {
  return {
    begin: (args) => t.mutation(internal.content.beginStaging, args),
    stage: (args) => t.mutation(internal.content.stage, args),
    switchOver: (args) => t.mutation(internal.content.switchToStaged, args),
  };
}

/** What a reader sees, across every derived surface. */
async function site(t: SyncTest) {
  const [list, tags, search, snippets, first, moved] = await Promise.all([
    t.query(api.posts.list, {}),
    t.query(api.tags.list, {}),
    t.query(api.search.index, {}),
    t.query(api.search.snippets, { slugs: ["a", "b", "c", "d"], marks: [] }),
    t.query(api.posts.getBySlug, { slug: "a" }),
    Promise.all(["a-v1", "a-v2"].map((slug) => t.query(api.posts.movedTo, { slug }))),
  ]);
  return {
    posts: list.map((p) => `${p.slug}:${p.title}`),
    tags: tags.map((tag) => `${tag.tag}:${tag.count}`),
    search: search.entries.map((e) => `${e.slug}:${e.title}`),
    words: search.vocabulary,
    snippets: snippets.map((s) => s.snippet.map((part) => part.text).join("")),
    body: first?.content ?? null,
    moved,
  };
}

const version = (n: number, slugs: string[]): Post[] =>
  slugs.map((slug, i) =>
    makePost(slug, {
      title: `${slug} v${n}`,
      date: `2025-01-${String(10 + i).padStart(2, "0")}`,
      tags: [`v${n}`],
      aliases: slug === "a" ? [`a-v${n}`] : [],
      content: `version${n} of ${slug}`,
      html: `<p>version${n} of ${slug}</p>`,
      contentHash: `${slug}-${n}`,
    }),
  );

describe("readers never see half a sync", () => {
  test("between batches every surface shows the old content; after the switch, all of the new", async () => {
    const { t } = setup();
    await runStagedSync(mutationCalls(t), { posts: version(1, ["a", "b", "c"]), pages: [] });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const before = await site(t);
    expect(before.posts).toEqual(["c:c v1", "b:b v1", "a:a v1"]);
    expect(before.moved).toEqual(["a", null]);

    const next = version(2, ["a", "b", "d"]);
    const calls = mutationCalls(t);
    const begun = await calls.begin({ posts: next.map(({ content: _c, html: _h, ...row }) => row), pages: [] });
    expect(begun.posts).toEqual({ created: 1, updated: 2, deleted: 1, unchanged: 0 });
    await calls.stage({ generation: begun.generation!, posts: next.slice(2), pages: [] });
    expect(await site(t)).toEqual(before);
    await calls.stage({ generation: begun.generation!, posts: next.slice(0, 2).reverse(), pages: [] });
    // Everything is staged, and still nothing shows until the switch.
    expect(await site(t)).toEqual(before);

    await calls.switchOver({ generation: begun.generation! });
    expect(await site(t)).toEqual({
      posts: ["d:d v2", "b:b v2", "a:a v2"],
      tags: ["v2:3"],
      search: ["a:a v2", "b:b v2", "d:d v2"],
      words: "version2",
      snippets: ["version2 of a", "version2 of b", "version2 of d"],
      body: "version2 of a",
      moved: [null, "a"],
    });
  });

  test("a switch with batches missing is refused, and the site stays as it was", async () => {
    const { t } = setup();
    await runStagedSync(mutationCalls(t), { posts: version(1, ["a", "b"]), pages: [] });
    const before = await site(t);
    const next = version(2, ["a", "b"]);
    const calls = mutationCalls(t);
    const { generation } = await calls.begin({ posts: next.map(({ content: _c, html: _h, ...row }) => row), pages: [] });
    await calls.stage({ generation: generation!, posts: next.slice(1), pages: [] });
    await expectConvexError(calls.switchOver({ generation: generation! }), /incomplete: 1 of 2 posts/);
    expect(await site(t)).toEqual(before);
  });
});

describe("a failed sync", () => {
  test("leaves the site as it was; running it again publishes, and the stale rows are removed", async () => {
    const { t } = setup();
    await runStagedSync(mutationCalls(t), { posts: version(1, ["a", "b"]), pages: [makePage("about")] });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const before = await site(t);

    const next = version(2, ["a", "b", "c"]);
    let stages = 0;
    const failing: StagedSyncCalls = {
      ...mutationCalls(t),
      // One post per batch; the connection drops before the second.
      stage: async ({ generation, posts }) => {
        for (const post of posts) {
          if (++stages === 2) throw new Error("network down");
          await t.mutation(internal.content.stage, { generation, posts: [post], pages: [] });
        }
        return null;
      },
    };
    await expect(runStagedSync(failing, { posts: next, pages: [] })).rejects.toThrow("network down");
    expect(await site(t)).toEqual(before);

    await runStagedSync(mutationCalls(t), { posts: next, pages: [makePage("about")] });
    expect((await site(t)).posts).toEqual(["c:c v2", "b:b v2", "a:a v2"]);
    // A batch of the abandoned sync cannot reach the new one.
    await expectConvexError(t.mutation(internal.content.stage, { generation: 2, posts: [], pages: [] }), /not being staged/);

    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const generations = await t.run(async (ctx) => {
      const seen = new Set<number | undefined>();
      for (const table of ["posts", "pages", "bodies", "searchEntries", "slugAliases", "postLists", "tags"] as const) {
        for (const doc of await ctx.db.query(table).collect()) seen.add(doc.generation);
      }
      return [...seen];
    });
    expect(generations).toEqual([3]);
  });

  test("a batch out of order or with a slug already staged is refused", async () => {
    const { t } = setup();
    const posts = version(1, ["a", "b"]);
    const calls = mutationCalls(t);
    const { content: _c, html: _h, ...page } = makePage("x");
    const { generation } = await calls.begin({ posts: posts.map(({ content: _c, html: _h, ...row }) => row), pages: [page] });
    await calls.stage({ generation: generation!, posts: [posts[1]!], pages: [] });
    await expectConvexError(calls.stage({ generation: generation!, posts: [posts[1]!], pages: [] }), /newest first/);
    await expectConvexError(calls.stage({ generation: generation!, posts: [], pages: [makePage("b")] }), /used more than once/);
  });

  test("an alias that is a slug or alias staged in another batch is refused, and so is a slug that is one", async () => {
    const { t } = setup();
    const posts = [makePost("new", { date: "2025-03-01", aliases: ["old"] }), makePost("other", { date: "2025-02-01" }), makePost("later", { date: "2025-01-01" })];
    const calls = mutationCalls(t);
    const { content: _c, html: _h, ...page } = makePage("x");
    const { generation } = await calls.begin({ posts: posts.map(({ content: _c, html: _h, ...row }) => row), pages: [page] });
    await calls.stage({ generation: generation!, posts: [posts[0]!], pages: [] });
    await expectConvexError(calls.stage({ generation: generation!, posts: [], pages: [makePage("old")] }), /already an alias/);
    await expectConvexError(
      calls.stage({ generation: generation!, posts: [makePost("later", { date: "2025-01-01", aliases: ["new"] })], pages: [] }),
      /alias "new" is already a slug or another alias/,
    );
    await expectConvexError(
      calls.stage({ generation: generation!, posts: [makePost("later", { date: "2025-01-01", aliases: ["old"] })], pages: [] }),
      /alias "old" is already a slug or another alias/,
    );
    // Nothing of the refused batches was written: the announced posts still stage and go live.
    await calls.stage({ generation: generation!, posts: posts.slice(1), pages: [makePage("x")] });
    await calls.switchOver({ generation: generation! });
    expect(await t.query(api.posts.movedTo, { slug: "old" })).toBe("new");
  });
});

describe("within Convex's limits", () => {
  const half = { bytes: 8 * MiB, documents: 8000, indexRanges: 2048 };
  function expectHeadroom(usage: StepUsage[]) {
    for (const u of usage) {
      expect(u.bytesRead, `${u.step} read`).toBeLessThan(half.bytes);
      expect(u.bytesWritten, `${u.step} written`).toBeLessThan(half.bytes);
      expect(u.documentsRead, `${u.step} documents read`).toBeLessThan(half.documents);
      expect(u.documentsWritten, `${u.step} documents written`).toBeLessThan(half.documents);
      expect(u.indexRanges, `${u.step} index ranges`).toBeLessThan(half.indexRanges);
    }
  }

  test("the heaviest batch (full of 25 KB posts with every tag) stays under half of every limit", async () => {
    const { t, usage, calls } = setup();
    const tags = Array.from({ length: MAX_TAGS_PER_POST }, (_, i) => `tag-${i}`);
    const posts = Array.from({ length: 2 * SYNC_BATCH_POSTS }, (_, i) => bigPost(i, 25_000, 0, tags));
    expect(stagingBatches(posts, []).length).toBeGreaterThan(2);
    await runStagedSync(calls, { posts, pages: [] });
    expect(usage.filter((u) => u.step === "stage").length).toBe(stagingBatches(posts, []).length);
    // Change every post, then shrink to one: the old rows go in bounded runs.
    await runStagedSync(calls, { posts: posts.map((_, i) => bigPost(i, 25_000, 1, tags)), pages: [] });
    await drainStale(t, (u) => usage.push(u));
    await runStagedSync(calls, { posts: [bigPost(0, 25_000, 2, tags)], pages: [] });
    const runs = await drainStale(t, (u) => usage.push(u));
    expect(runs).toBeGreaterThan(1);
    expectHeadroom(usage);
    expect((await t.query(api.posts.list, {})).map((p) => p.slug)).toEqual(["post-00000"]);
    expect(await t.query(api.tags.list, {})).toEqual(tags.map((tag) => ({ tag, count: 1 })).sort((a, b) => a.tag.localeCompare(b.tag)));
  }, 120_000);

  test("announcing 5,000 changed posts reads their rows, never a body", async () => {
    const { t, usage, calls } = setup();
    // A live generation of 5,000 posts, written directly: staging them through
    // convex-test (which scans a table per query) would take minutes here;
    // `npm run bench:sync` does the whole run.
    const posts = Array.from({ length: 5000 }, (_, i) => bigPost(i, 1, 0));
    for (let from = 0; from < posts.length; from += 250) {
      await t.run(async (ctx) => {
        for (const { content, html, ...row } of posts.slice(from, from + 250)) {
          const ownerId = await ctx.db.insert("posts", { ...row, generation: 1 });
          await ctx.db.insert("bodies", { ownerId, content: content.padEnd(25_000, "x"), html, generation: 1 });
        }
      });
    }
    await t.run(async (ctx) => void (await ctx.db.insert("contentLive", { generation: 1 })));
    const begun = await calls.begin({ posts: posts.map(({ content: _c, html: _h, ...row }) => ({ ...row, title: "changed" })), pages: [] });
    expect(begun.posts.updated).toBe(5000);
    expect(usage[0]!.documentsRead).toBeLessThan(5010);
    expectHeadroom(usage);
  }, 120_000);
});
