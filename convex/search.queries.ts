import { buildIndex, search, type SearchIndex } from "./search.engine";
import { packIndex } from "./search.pack";
import { searchPages, searchPosts } from "./search.fixtures";
import { entryOf } from "./search.sync";
import type { Id } from "./_generated/dataModel";
import type { SearchIndexData } from "./validators";

// The query set: what a reader types over the fixture blog and the post they
// mean (null: nothing should match). Shared by the quality test (convex-test)
// and the local backend's test, so both paths answer the same questions.

export const QUERIES: Array<[query: string, expected: string | null, kind: string]> = [
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

export /** Precision at 1 and mean reciprocal rank; a null expectation counts as found when nothing matches. */
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


/**
 * The index production's `search.index` would serve for the fixture blog:
 * the sync's own entries for the published posts and pages, packed.
 */
export function derivedIndex(): SearchIndexData {
  const rows = [
    ...searchPosts.map((post, i) => entryOf({ kind: "post", from: { ownerId: `p${i}` as Id<"posts">, row: post, body: post } })),
    ...searchPages.map((page, i) => entryOf({ kind: "page", from: { ownerId: `g${i}` as Id<"pages">, row: page, body: page } })),
  ].map(({ ownerId: _, visible: __, ...row }) => row);
  return packIndex(rows);
}

/** Every query's hits (slug and score) and marks, to compare two paths. */
export function answers(data: SearchIndexData) {
  const index = buildIndex(data);
  return QUERIES.map(([query]) => {
    const answer = search(index, query);
    return { query, hits: answer.hits.map((h) => [h.entry.slug, h.score]), marks: answer.marks.toSorted() };
  });
}
