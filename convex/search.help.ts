import { nearWords, type SearchIndex } from "./search.engine";
import { editDistance, isPlainWord, queryWords } from "./search.words";
import type { SearchEntry } from "./validators";

// What search offers when nothing matches: a likely correction, the tags
// nearest the words typed, and the newest posts. Pure, like the engine.

/** Tags offered when nothing matches. */
export const HELP_TAGS = 5;
/** Newest posts offered when nothing matches. */
export const HELP_LATEST = 3;

export interface SearchHelp {
  /** The query with each unknown word replaced by the nearest known one (up to two edits), or null. */
  didYouMean: string | null;
  tags: Array<{ tag: string; count: number }>;
  latest: SearchEntry[];
}

export function searchHelp(index: SearchIndex, query: string): SearchHelp {
  const terms = queryWords(query);
  return { didYouMean: didYouMean(index, terms), tags: closestTags(index, terms), latest: latestPosts(index) };
}

function didYouMean(index: SearchIndex, terms: readonly string[]): string | null {
  let changed = false;
  const read = terms.map((term) => {
    if (index.wordInfo.has(term) || !isPlainWord(term) || term.length < 4) return term;
    const near = nearWords(index, term, 2)[0];
    if (near === undefined) return term;
    changed = true;
    return near;
  });
  return changed ? read.join(" ") : null;
}

/** 1 for a tag that starts with the word or the word with it, less the more edits apart, 0 when unrelated. */
function closeness(term: string, tag: string): number {
  let best = 0;
  for (const part of [tag, ...tag.split("-")]) {
    if (part.length < 2) continue;
    if (part.startsWith(term) || term.startsWith(part)) return 1;
    const distance = editDistance(term, part, 3);
    if (distance <= 3) best = Math.max(best, 1 - distance / Math.max(term.length, part.length));
  }
  return best;
}

/** The tags nearest the words typed; with none near, the most used ones. */
function closestTags(index: SearchIndex, terms: readonly string[]): SearchHelp["tags"] {
  return [...index.tagCounts]
    .map(([tag, count]) => ({ tag, count, near: Math.max(0, ...terms.map((term) => closeness(term, tag))) }))
    .sort((a, b) => b.near - a.near || b.count - a.count || a.tag.localeCompare(b.tag))
    .slice(0, HELP_TAGS)
    .map(({ tag, count }) => ({ tag, count }));
}

function latestPosts(index: SearchIndex): SearchEntry[] {
  return index.entries
    .filter((entry) => entry.kind === "post")
    .sort((a, b) => (b.date ?? "").localeCompare(a.date ?? "") || a.slug.localeCompare(b.slug))
    .slice(0, HELP_LATEST);
}
