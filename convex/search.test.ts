import { describe, expect, test } from "vitest";
import { api, internal } from "./_generated/api";
import { SEARCH_RESULTS_LIMIT } from "./constants";
import { makePage, makePost } from "./content.fixtures";
import type { Page, Post } from "./validators";
import { initConvexTest } from "./test.setup";

async function withContent(posts: Post[], pages: Page[] = []) {
  const t = initConvexTest({ transactionLimits: true });
  await t.mutation(internal.content.sync, { posts, pages });
  return t;
}

const body = (text: string) => ({ content: text, html: `<p>${text}</p>` });

describe("search.search", () => {
  test("finds a word in a post's text, a page's text and titles, with the match marked", async () => {
    const t = await withContent(
      [makePost("bread", { title: "Baking", date: "2025-02-01", ...body("Knead the dough for ten minutes.") })],
      [makePage("kitchen", { title: "Kitchen", ...body("Where the dough rests.") })],
    );
    const results = await t.query(api.search.search, { query: "dough" });
    expect(results.map((r) => [r.type, r.slug])).toEqual([
      ["post", "bread"],
      ["page", "kitchen"],
    ]);
    expect(results[0]).toEqual({
      type: "post",
      slug: "bread",
      title: "Baking",
      date: "2025-02-01",
      snippet: [
        { text: "Knead the ", match: false },
        { text: "dough", match: true },
        { text: " for ten minutes.", match: false },
      ],
    });
    expect(results[1]).not.toHaveProperty("date");
  });

  test("searches text, not markup", async () => {
    const t = await withContent([makePost("styled", { content: "x", html: '<p class="needle">plain</p><pre><code class="hljs">code</code></pre>' })]);
    expect(await t.query(api.search.search, { query: "needle" })).toEqual([]);
    expect(await t.query(api.search.search, { query: "hljs" })).toEqual([]);
    expect((await t.query(api.search.search, { query: "code" })).map((r) => r.slug)).toEqual(["styled"]);
  });

  test("ranks a title match first, then posts matching more of the words", async () => {
    const t = await withContent([
      makePost("one-word", { title: "Notes", ...body("Something about convex.") }),
      makePost("two-words", { title: "More notes", ...body("Convex search in depth.") }),
      makePost("in-title", { title: "Search", ...body("Nothing else.") }),
    ]);
    const results = await t.query(api.search.search, { query: "convex search" });
    expect(results.map((r) => r.slug)).toEqual(["in-title", "two-words", "one-word"]);
  });

  test("never returns drafts or unpublished pages, and follows a sync", async () => {
    const t = await withContent([makePost("draft", { published: false, ...body("secret plans") })], [makePage("hidden", { published: false, ...body("secret page") })]);
    expect(await t.query(api.search.search, { query: "secret" })).toEqual([]);

    await t.mutation(internal.content.sync, { posts: [makePost("draft", { published: true, ...body("secret plans"), contentHash: "2" })], pages: [] });
    expect((await t.query(api.search.search, { query: "secret" })).map((r) => r.slug)).toEqual(["draft"]);

    await t.mutation(internal.content.sync, { posts: [], pages: [] });
    expect(await t.query(api.search.search, { query: "secret" })).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("searchDocs").collect())).toEqual([]);
  });

  test("returns at most 10 results however many match", async () => {
    const posts = Array.from({ length: 60 }, (_, i) => makePost(`p${i}`, body(`shared word ${i}`)));
    const t = await withContent(posts);
    expect(await t.query(api.search.search, { query: "shared" })).toHaveLength(SEARCH_RESULTS_LIMIT);
  });

  test.each([
    ["empty", ""],
    ["blank", "   "],
    ["punctuation only", "?!…--"],
    ["too long", `dough ${"x".repeat(300)}`],
  ])("an %s query finds nothing, without an error", async (_, query) => {
    const t = await withContent([makePost("bread", body("dough"))]);
    expect(await t.query(api.search.search, { query })).toEqual([]);
  });

  test("fills in entries for content synced before search existed (or before syncs were staged)", async () => {
    const t = initConvexTest();
    // Rows as an older version of the sync left them: no generation, no search entry.
    await t.run(async (ctx) => {
      const { content, html, ...row } = makePost("old", body("legacy text"));
      const ownerId = await ctx.db.insert("posts", row);
      await ctx.db.insert("bodies", { ownerId, content, html });
    });
    await t.mutation(internal.content.sync, { posts: [makePost("old", body("legacy text"))], pages: [] });
    expect((await t.query(api.search.search, { query: "legacy" })).map((r) => r.slug)).toEqual(["old"]);
  });
});
