import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { MAX_INSIGHT_DOCS, MAX_SEARCH_QUERY_CHARS, MAX_SEARCH_TERM_CHARS } from "./constants";
import { makePage, makePost } from "./feeds.fixtures";
import { looksPersonal, normalizeTerm, storableTerm } from "./searchStats.terms";
import { expectConvexError, initConvexTest } from "./test.setup";

const NOON = Date.UTC(2026, 2, 10, 12);
const DAY_MS = 24 * 60 * 60 * 1000;
const args = (range: "today" | "7d" = "today") => ({ range, anchor: NOON - (NOON % 3_600_000), filters: [] });

async function seeded() {
  const t = initConvexTest();
  await t.mutation(internal.content.sync, { posts: [makePost({ slug: "convex-intro", date: "2026-01-02" })], pages: [makePage({ slug: "about" })] });
  return t;
}

describe("what of a term is kept", () => {
  test("terms are normalized and cut", () => {
    expect(normalizeTerm("  Convex\tQUERIES \u200b ")).toBe("convex queries");
    expect(normalizeTerm("ｆｕｌｌ width")).toBe("full width");
    expect([...normalizeTerm("ab ".repeat(100))].length).toBeLessThanOrEqual(MAX_SEARCH_TERM_CHARS);
  });

  test.each([
    "jane.doe@example.com",
    "write to me at jane@example.org please",
    "+49 170 1234567",
    "4111 1111 1111 1111",
    "order 12345678",
    "DE89 3704 0044 0532 0130 00",
    "@janedoe",
    "https://example.com/reset?token=abc",
  ])("%s looks personal and is not stored", (term) => {
    expect(looksPersonal(normalizeTerm(term))).toBe(true);
    expect(storableTerm(term)).toBeNull();
  });

  test.each(["react hooks", "http 404", "year 2024", "ipv6", "c++ templates", "top 10 posts"])("%s is kept", (term) => {
    expect(storableTerm(term)).toBe(normalizeTerm(term));
  });

  test("a long number cut in two by the length limit is still caught", () => {
    expect(storableTerm(`${"a".repeat(MAX_SEARCH_TERM_CHARS - 3)} 123456789`)).toBeNull();
  });
});

describe("site search events", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOON);
  });
  afterEach(() => vi.useRealTimers());

  test("searches add up per normalized term and day; no session or time is kept", async () => {
    const t = await seeded();
    await t.mutation(api.searchStats.recordSearch, { term: "Convex", results: 3 });
    await t.mutation(api.searchStats.recordSearch, { term: "  convex ", results: 2 });
    await t.mutation(api.searchStats.recordSearch, { term: "kubernetes", results: 0 });
    const docs = await t.run((ctx) => ctx.db.query("searchTerms").collect());
    expect(docs).toHaveLength(2);
    expect(Object.keys(docs[0]!).sort()).toEqual(["_creationTime", "_id", "day", "opened", "opens", "results", "searches", "term", "zeroResults"]);

    const { rows } = await t.query(api.searchStats.terms, args());
    // Searches that found nothing come first: the writer's to-do list.
    expect(rows.map((r) => [r.term, r.searches, r.zeroResults, r.results])).toEqual([
      ["kubernetes", 1, 1, 0],
      ["convex", 2, 0, 2],
    ]);
  });

  test("an opened result is counted and named when search can find it", async () => {
    const t = await seeded();
    await t.mutation(api.searchStats.recordSearch, { term: "convex", results: 1 });
    await t.mutation(api.searchStats.recordOpen, { term: "convex", slug: "convex-intro" });
    await t.mutation(api.searchStats.recordOpen, { term: "convex", slug: "about" });
    await t.mutation(api.searchStats.recordOpen, { term: "convex", slug: "convex-intro" });
    // Not a post or page: nothing is written.
    await t.mutation(api.searchStats.recordOpen, { term: "convex", slug: "no-such-post" });
    const [row] = (await t.query(api.searchStats.terms, args())).rows;
    expect(row).toMatchObject({ term: "convex", opens: 3, topOpened: "convex-intro" });
  });

  test("a personal-looking term writes nothing", async () => {
    const t = await seeded();
    await t.mutation(api.searchStats.recordSearch, { term: "jane@example.com", results: 0 });
    await t.mutation(api.searchStats.recordSearch, { term: "0170 1234567", results: 0 });
    await t.mutation(api.searchStats.recordOpen, { term: "jane@example.com", slug: "about" });
    expect(await t.run((ctx) => ctx.db.query("searchTerms").collect())).toEqual([]);
  });

  test("bad input is refused with a clear message and writes nothing", async () => {
    const t = await seeded();
    await expectConvexError(t.mutation(api.searchStats.recordSearch, { term: "x".repeat(MAX_SEARCH_QUERY_CHARS + 1), results: 1 }), /at most 200/);
    await expectConvexError(t.mutation(api.searchStats.recordSearch, { term: " \u0000 ", results: 1 }), /visible character/);
    await expectConvexError(t.mutation(api.searchStats.recordSearch, { term: "ok", results: -1 }), /results must be/);
    await expectConvexError(t.mutation(api.searchStats.recordSearch, { term: "ok", results: 2.5 }), /results must be/);
    await expectConvexError(t.mutation(api.searchStats.recordOpen, { term: "ok", slug: "../etc" }), /Invalid slug/);
    expect(await t.run((ctx) => ctx.db.query("searchTerms").collect())).toEqual([]);
  });

  test("the panel follows the range, and a term's result count is its latest search's", async () => {
    const t = await seeded();
    vi.setSystemTime(NOON - 3 * DAY_MS);
    await t.mutation(api.searchStats.recordSearch, { term: "hooks", results: 0 });
    vi.setSystemTime(NOON);
    await t.mutation(api.searchStats.recordSearch, { term: "hooks", results: 4 });
    expect((await t.query(api.searchStats.terms, args("today"))).rows).toMatchObject([{ term: "hooks", searches: 1, zeroResults: 0 }]);
    expect((await t.query(api.searchStats.terms, args("7d"))).rows).toMatchObject([{ term: "hooks", searches: 2, zeroResults: 1, results: 4 }]);
  });
});

describe("bounded reads", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOON);
  });
  afterEach(() => vi.useRealTimers());

  test("a day with more term documents than one read takes is a marked sample of that day, within a transaction's limits", async () => {
    const t = initConvexTest({ transactionLimits: true });
    const today = Date.UTC(2026, 2, 10);
    await t.run(async (ctx) => {
      for (let i = 0; i < MAX_INSIGHT_DOCS + 10; i++) {
        await ctx.db.insert("searchTerms", { term: `term ${i}`, day: today, searches: 1, zeroResults: 0, results: 1, opens: 0, opened: [] });
      }
    });
    const answer = await t.query(api.searchStats.terms, args());
    expect(answer.sample).toEqual({ docs: MAX_INSIGHT_DOCS, from: today });
    expect(answer.rows).toHaveLength(MAX_INSIGHT_DOCS);
  });

  test("past one read, the latest whole days count, never the oldest", async () => {
    const t = initConvexTest({ transactionLimits: true });
    const today = Date.UTC(2026, 2, 10);
    const yesterday = today - 86_400_000;
    await t.run(async (ctx) => {
      // Last week's day alone fills the read: oldest-first, today's to-do list would be lost.
      for (let i = 0; i < MAX_INSIGHT_DOCS; i++) {
        await ctx.db.insert("searchTerms", { term: `old ${i}`, day: today - 5 * 86_400_000, searches: 1, zeroResults: 0, results: 1, opens: 0, opened: [] });
      }
      await ctx.db.insert("searchTerms", { term: "kubernetes", day: yesterday, searches: 3, zeroResults: 3, results: 0, opens: 0, opened: [] });
      await ctx.db.insert("searchTerms", { term: "kubernetes", day: today, searches: 2, zeroResults: 2, results: 0, opens: 0, opened: [] });
    });
    const answer = await t.query(api.searchStats.terms, args("7d"));
    expect(answer.sample).toEqual({ docs: MAX_INSIGHT_DOCS, from: yesterday });
    expect(answer.rows).toEqual([expect.objectContaining({ term: "kubernetes", searches: 5, zeroResults: 5 })]);
  });
});
