import { beforeAll, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { buildIndex, search, type SearchIndex } from "./search.engine";
import { hiddenPosts, SCHEDULED_AT, searchPages, searchPosts } from "./search.fixtures";
import { entryOf } from "./search.sync";
import type { Id } from "./_generated/dataModel";
import { entryWords, packIndex } from "./search.pack";
import type { SearchIndexData } from "./validators";
import { initConvexTest } from "./test.setup";

// The query set: what a reader types and the post they mean (null: nothing
// should match). Run through the index as the browser gets it from Convex.

const QUERIES: Array<[query: string, expected: string | null, kind: string]> = [
  ["live stats", "how-the-live-stats-work", "two-word title"],
  ["move semantics", "cpp-move-semantics", "two-word title"],
  ["git bisect", "git-bisect", "two-word title"],
  ["flaky tests", "flaky-tests", "two-word title"],
  ["dark mode", "dark-mode-themes", "two-word title"],
  ["css grid", "css-grid", "two-word title"],
  ["service worker", "service-workers", "two-word title"],
  ["state machines", "state-machines", "two-word title"],
  ["web fonts", "web-fonts-typography", "two-word title"],
  ["naming things", "naming-things", "two-word title"],
  ["seo", "sitemaps", "tag only"],
  ["indie", "rss-feeds", "tag only"],
  ["debugging", "git-bisect", "tag only"],
  ["tooling", "markdown-pipeline", "tag only"],
  ["typography", "vertical-rhythm", "tag and description"],
  ["accessibility", "accessible-dialogs", "tag, and a form in a title"],
  ["privacy", "privacy-analytics", "tag only"],
  ["cache", "caching-static-assets", "word form"],
  ["debounce", "debouncing-search-input", "word form"],
  ["scheduling functions", "convex-scheduling", "word form"],
  ["highlighted", "syntax-highlighting", "word form"],
  ["indexing", "postgres-indexes", "word form"],
  ["borrowed", "rust-ownership", "word form"],
  ["reconnect", "websockets-reconnect", "word form"],
  ["counting visitors", "hyperloglog", "word form"],
  ["paging", "pagination", "word form"],
  ["cachng", "caching-static-assets", "typo"],
  ["typscript", "typescript-strict-mode", "typo"],
  ["accesibility", "accessible-dialogs", "typo"],
  ["debouncng", "debouncing-search-input", "typo"],
  ["hyperloglgo", "hyperloglog", "typo"],
  ["postgers", "postgres-indexes", "typo"],
  ["markdwon pipeline", "markdown-pipeline", "typo"],
  ["c++", "cpp-move-semantics", "symbol"],
  ["c++ move", "cpp-move-semantics", "symbol"],
  ["xqzvbn", null, "nonsense"],
  ["flurbleglorp", null, "nonsense"],
  ["zeppelin", null, "draft only"],
  ["aurora", null, "scheduled only"],
  ["hyperlog", "hyperloglog", "prefix"],
  ["websock", "websockets-reconnect", "prefix"],
  ["typogr", "vertical-rhythm", "prefix"],
  ["srcset", "image-optimization", "title word"],
  ["checkpoints", "sqlite-wal", "heading"],
  ["watermark", "how-the-live-stats-work", "body only"],
  ["focus trap", "accessible-dialogs", "body"],
  ["cookies", "privacy-analytics", "title word"],
  ["about", "about", "page title"],
  ["wcag contrast", "color-contrast", "body and title"],
  ["rss", "rss-feeds", "title word"],
];

/** Precision at 1 and mean reciprocal rank; a null expectation counts as found when nothing matches. */
function measure(index: SearchIndex) {
  const misses: string[] = [];
  let first = 0;
  let reciprocal = 0;
  for (const [query, expected] of QUERIES) {
    const slugs = search(index, query).hits.map((hit) => hit.entry.slug);
    const rank = expected === null ? (slugs.length === 0 ? 1 : 0) : slugs.indexOf(expected) + 1;
    if (rank === 1) first++;
    else misses.push(`${query} → ${slugs.slice(0, 3).join(", ") || "nothing"} (want ${expected ?? "nothing"})`);
    if (rank > 0) reciprocal += 1 / rank;
  }
  return { precisionAt1: first / QUERIES.length, mrr: reciprocal / QUERIES.length, misses };
}

let served: SearchIndexData;

beforeAll(async () => {
  // The scheduled post's time has not come, and its job must not run.
  vi.useFakeTimers({ now: SCHEDULED_AT - 3_600_000 });
  try {
    const t = initConvexTest({ transactionLimits: true });
    await t.mutation(internal.content.sync, { posts: [...searchPosts, ...hiddenPosts], pages: searchPages });
    served = await t.query(api.search.index, {});
  } finally {
    vi.useRealTimers();
  }
});

describe("search quality", () => {
  test("the fixture blog and query set are big enough", () => {
    expect(searchPosts.length).toBeGreaterThanOrEqual(30);
    expect(QUERIES.length).toBeGreaterThanOrEqual(40);
  });

  test("P@1 ≥ 0.9 and MRR ≥ 0.95 over the query set", () => {
    const { precisionAt1, mrr, misses } = measure(buildIndex(served));
    console.log(`search quality: ${QUERIES.length} queries, P@1 ${precisionAt1.toFixed(3)}, MRR ${mrr.toFixed(3)}${misses.length ? `; misses: ${misses.join("; ")}` : ""}`);
    expect(precisionAt1).toBeGreaterThanOrEqual(0.9);
    expect(mrr).toBeGreaterThanOrEqual(0.95);
  });

  test("dev and production rank alike: the served index and the sync's own entries give the same answers", () => {
    // Dev serves `search.index` from the local backend (convex-test's executor, as here); production
    // from Convex, which returns the same stored rows. Both feed the same engine in the browser.
    const derived = [
      ...searchPosts.map((post, i) => entryOf({ kind: "post", from: { ownerId: `p${i}` as Id<"posts">, row: post, body: post } })),
      ...searchPages.map((page, i) => entryOf({ kind: "page", from: { ownerId: `g${i}` as Id<"pages">, row: page, body: page } })),
    ].map(({ ownerId: _, visible: __, ...entry }) => entry);
    const a = buildIndex(served);
    const b = buildIndex(packIndex(derived));
    for (const [query] of QUERIES) {
      const left = search(a, query);
      const right = search(b, query);
      expect(left.hits.map((h) => [h.entry.slug, h.score]), query).toEqual(right.hits.map((h) => [h.entry.slug, h.score]));
      expect(left.marks.toSorted(), query).toEqual(right.marks.toSorted());
    }
  });

  test("drafts and scheduled posts are not in the index at all", () => {
    const slugs = served.entries.map((entry) => entry.slug);
    expect(slugs).toHaveLength(searchPosts.length + searchPages.length);
    for (const hidden of hiddenPosts) expect(slugs).not.toContain(hidden.slug);
    const vocabulary = served.vocabulary.split(" ");
    expect(vocabulary).not.toContain("zeppelin");
    expect(vocabulary).not.toContain("aurora");
    expect(served.entries.flatMap((entry) => entryWords(vocabulary, entry))).toContain("watermark");
  });
});
