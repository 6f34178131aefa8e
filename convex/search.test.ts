import { describe, expect, test } from "vitest";
import { api, internal } from "./_generated/api";
import { MAX_SNIPPET_MARKS, SEARCH_RESULTS_LIMIT } from "./constants";
import { makePage, makePost } from "./content.fixtures";
import { encodeIds } from "./search.pack";
import type { Page, Post } from "./validators";
import { expectConvexError, initConvexTest } from "./test.setup";

async function withContent(posts: Post[], pages: Page[] = []) {
  const t = initConvexTest({ transactionLimits: true });
  await t.mutation(internal.content.sync, { posts, pages });
  return t;
}

const body = (html: string) => ({ content: "x", html });

describe("search.index", () => {
  test("holds each published post and page: short fields and distinct words, no markup", async () => {
    const t = await withContent(
      [
        makePost("bread", {
          title: "Baking bread",
          description: "Flour, water, time.",
          date: "2025-02-01",
          tags: ["food", "slow-cooking"],
          ...body('<div class="heading"><h2 id="dough">The dough</h2><a class="heading-anchor" href="#dough">#</a></div><p class="needle">Knead the dough, then knead it again.</p>'),
        }),
      ],
      [makePage("kitchen", { title: "Kitchen", ...body("<p>Where the dough rests.</p>") })],
    );
    const index = await t.query(api.search.index, {});
    // "dough" is used twice, so it comes first; the rest by name.
    expect(index.vocabulary).toBe("dough again knead rests where");
    expect(index.entries).toEqual([
      { kind: "post", slug: "bread", title: "Baking bread", date: "2025-02-01", description: "Flour, water, time.", tags: ["food", "slow-cooking"], headings: "The dough", wordIds: encodeIds([0, 1, 2]) },
      { kind: "page", slug: "kitchen", title: "Kitchen", description: "", tags: [], headings: "", wordIds: encodeIds([0, 3, 4]) },
    ]);
  });

  test("never holds drafts or unpublished pages, and follows a sync", async () => {
    const t = await withContent([makePost("draft", { published: false, ...body("<p>secret plans</p>") })], [makePage("hidden", { published: false, ...body("<p>secret page</p>") })]);
    expect(await t.query(api.search.index, {})).toEqual({ vocabulary: "", entries: [], next: null });

    await t.mutation(internal.content.sync, { posts: [makePost("draft", { ...body("<p>secret plans</p>"), contentHash: "2" })], pages: [] });
    const index = await t.query(api.search.index, {});
    expect(index.entries.map((e) => e.slug)).toEqual(["draft"]);
    expect(index.vocabulary).toBe("plans secret");

    await t.mutation(internal.content.sync, { posts: [], pages: [] });
    expect(await t.query(api.search.index, {})).toEqual({ vocabulary: "", entries: [], next: null });
    expect(await t.run((ctx) => ctx.db.query("searchEntries").collect())).toEqual([]);
  });

  test("a sync that changes nothing writes no entry", async () => {
    const posts = [makePost("a"), makePost("b")];
    const t = await withContent(posts);
    const before = await t.run((ctx) => ctx.db.query("searchEntries").collect());
    await t.mutation(internal.content.sync, { posts, pages: [] });
    expect(await t.run((ctx) => ctx.db.query("searchEntries").collect())).toEqual(before);
  });

  test("an upgrade restages content synced before generations, and empties the legacy searchDocs table", async () => {
    const t = initConvexTest({ transactionLimits: true });
    // Rows as the unstaged sync left them: no generation, entries and aliases included.
    await t.run(async (ctx) => {
      const { content, html, ...row } = makePost("a", { aliases: ["old-a"], ...body("<p>legacy words</p>") });
      const ownerId = await ctx.db.insert("posts", row);
      await ctx.db.insert("bodies", { ownerId, content, html });
      await ctx.db.insert("searchEntries", { ownerId, kind: "post", slug: "a", title: "A", description: "", tags: [], headings: "", words: "stale", visible: true });
      await ctx.db.insert("slugAliases", { alias: "old-a", slug: "a" });
      await ctx.db.insert("searchDocs", { ownerId, kind: "post", slug: "a", title: "A", text: "old", visible: true });
    });
    await t.mutation(internal.content.sync, { posts: [makePost("a", { aliases: ["old-a"], ...body("<p>legacy words</p>") })], pages: [] });
    expect((await t.query(api.search.index, {})).vocabulary).toBe("legacy words");
    expect(await t.query(api.posts.movedTo, { slug: "old-a" })).toBe("a");
    const left = await t.run(async (ctx) => ({
      searchDocs: (await ctx.db.query("searchDocs").collect()).length,
      entries: (await ctx.db.query("searchEntries").collect()).map((e) => e.generation),
      aliases: (await ctx.db.query("slugAliases").collect()).map((e) => e.generation),
    }));
    expect(left).toEqual({ searchDocs: 0, entries: [1], aliases: [1] });
  });
});

describe("search.snippets", () => {
  test("quotes the sentence holding the most marked words, marked, without markup seams", async () => {
    const t = await withContent([
      makePost("caching", {
        ...body(
          '<div class="heading"><h2 id="why">Why it matters</h2><a class="heading-anchor" href="#why">#</a></div><p>Nobody likes waiting.</p><p>Caching hashed files is safe. The cache never goes stale.</p>',
        ),
      }),
    ]);
    const [found] = await t.query(api.search.snippets, { slugs: ["caching"], marks: ["cache", "caching"] });
    expect(found).toEqual({
      slug: "caching",
      snippet: [
        { text: "Caching", match: true },
        { text: " hashed files is safe. The ", match: false },
        { text: "cache", match: true },
        { text: " never goes stale.", match: false },
      ],
    });
  });

  test("leaves out unknown and unpublished slugs, and starts at the top with nothing to mark", async () => {
    const t = await withContent([makePost("open", body("<p>First line.</p><p>Second.</p>")), makePost("draft", { published: false })]);
    expect(await t.query(api.search.snippets, { slugs: ["draft", "nope", "open"], marks: [] })).toEqual([{ slug: "open", snippet: [{ text: "First line.", match: false }] }]);
  });

  test("refuses oversized requests", async () => {
    const t = await withContent([]);
    const slugs = Array.from({ length: SEARCH_RESULTS_LIMIT + 1 }, (_, i) => `s${i}`);
    await expectConvexError(t.query(api.search.snippets, { slugs, marks: [] }), /At most 10 slugs/);
    await expectConvexError(t.query(api.search.snippets, { slugs: [], marks: Array.from({ length: MAX_SNIPPET_MARKS + 1 }, () => "w") }), /At most 64 words/);
    await expectConvexError(t.query(api.search.snippets, { slugs: [], marks: ["w".repeat(33)] }), /longer than 32/);
    await expectConvexError(t.query(api.search.snippets, { slugs: ["Not A Slug"], marks: [] }), /Invalid slug/);
  });
});
