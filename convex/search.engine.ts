import { MAX_SNIPPET_MARKS, SEARCH_RESULTS_LIMIT } from "./constants";
import { editDistance, isPlainWord, queryWords, stem, TYPO_MIN_LENGTH, withinOneEdit, words } from "./search.words";
import { entryWords } from "./search.pack";
import type { SearchEntry, SearchIndexData } from "./validators";

// The search itself: an inverted index over the entries `api.search.index`
// returns, built in the browser when search opens. Pure and synchronous, so
// tests, the benchmark, dev and production all run exactly this code.

/** How much a match in each field counts: title, description, tags, headings, body. */
export const FIELD_WEIGHTS = [10, 6, 5, 3, 1] as const;
const FIELD_COUNT = FIELD_WEIGHTS.length;

/** How much each kind of match counts: the word itself (or a form of it), a word it starts, a word one typo away. */
const MATCH_WEIGHTS = { exact: 1, prefix: 0.5, typo: 0.4 } as const;
type MatchKind = keyof typeof MATCH_WEIGHTS;

/** Each further field that holds the word adds this: a tie-break, never more than a field step. */
const EXTRA_FIELD_BONUS = 0.05;

interface WordInfo {
  /** Flat [entry, field mask, entry, field mask, …], entries ascending. */
  postings: number[];
  /** Entries holding the word in any field. */
  docs: number;
}

export interface SearchIndex {
  entries: readonly SearchEntry[];
  /** Word as written (folded) → where it is. Keyed by word, not stem: building stems nothing. */
  wordInfo: Map<string, WordInfo>;
  /** Every word, sorted, for prefix lookups. */
  sortedWords: string[];
  /** Plain words by length, for typo lookups. */
  wordsByLength: Map<number, string[]>;
  /** Tag → posts holding it. */
  tagCounts: Map<string, number>;
}

function fieldWords(vocabulary: readonly string[], entry: SearchEntry): string[][] {
  return [
    words(entry.title),
    words(entry.description),
    entry.tags.flatMap((tag) => words(tag.replace(/-/g, " "))),
    words(entry.headings),
    entryWords(vocabulary, entry),
  ];
}

/** The index over one packed index or over the chunks `api.search.index` hands out (each with its own vocabulary). */
export function buildIndex(data: SearchIndexData | readonly SearchIndexData[]): SearchIndex {
  const chunks = "vocabulary" in data ? [data] : data;
  const entries: SearchEntry[] = [];
  const wordInfo = new Map<string, WordInfo>();
  const tagCounts = new Map<string, number>();
  for (const chunk of chunks) {
    const vocabulary = chunk.vocabulary === "" ? [] : chunk.vocabulary.split(" ");
    for (const entry of chunk.entries) {
      const doc = entries.length;
      entries.push(entry);
      for (const tag of entry.tags) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
      fieldWords(vocabulary, entry).forEach((list, field) => {
        const bit = 1 << field;
        for (const word of list) {
          let info = wordInfo.get(word);
          if (info === undefined) wordInfo.set(word, (info = { postings: [], docs: 0 }));
          const { postings } = info;
          if (postings[postings.length - 2] === doc) postings[postings.length - 1]! |= bit;
          else {
            postings.push(doc, bit);
            info.docs++;
          }
        }
      });
    }
  }
  const sortedWords = [...wordInfo.keys()].sort();
  const wordsByLength = new Map<number, string[]>();
  for (const word of sortedWords) {
    if (!isPlainWord(word)) continue;
    const list = wordsByLength.get(word.length);
    if (list) list.push(word);
    else wordsByLength.set(word.length, [word]);
  }
  return { entries, wordInfo, sortedWords, wordsByLength, tagCounts };
}

export interface SearchHit {
  entry: SearchEntry;
  score: number;
  /** Query words this entry matched. */
  matched: number;
}

export interface SearchAnswer {
  /** The query's words as searched (stop words, lone letters and symbols dropped). */
  terms: string[];
  hits: SearchHit[];
  /** False when no entry holds every word, and `hits` are those holding the most. */
  complete: boolean;
  /** The query as read when a word was taken for a typo of another ("typscript" → "typescript"), else null. */
  corrected: string | null;
  /** Words as written in the entries that the query matched, for marking snippets. */
  marks: string[];
}

interface TermMatch {
  /** Entry → best score for this term. */
  scores: Map<number, number>;
  /** The word this term was read as, when it was taken for a typo. */
  correction: string | null;
  forms: string[];
}

/** Words of the index that start with `prefix`. */
function wordsStartingWith(index: SearchIndex, prefix: string): string[] {
  const list = index.sortedWords;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const found: string[] = [];
  for (let i = lo; i < list.length && list[i]!.startsWith(prefix); i++) found.push(list[i]!);
  return found;
}

/** Plain words of the index within `max` edits of `word`, closest then most used first. */
export function nearWords(index: SearchIndex, word: string, max: number): string[] {
  const found: Array<{ word: string; distance: number; docs: number }> = [];
  for (let length = word.length - max; length <= word.length + max; length++) {
    for (const candidate of index.wordsByLength.get(length) ?? []) {
      const distance = max === 1 ? (withinOneEdit(word, candidate) ? 1 : 2) : editDistance(word, candidate, max);
      if (distance <= max && candidate !== word) found.push({ word: candidate, distance, docs: index.wordInfo.get(candidate)!.docs });
    }
  }
  found.sort((a, b) => a.distance - b.distance || b.docs - a.docs || (a.word < b.word ? -1 : 1));
  return found.map((f) => f.word);
}

/**
 * Words of the index with the same stem as `term` ("cache" → caching, cached).
 * A stem differs from its words at most in its last two letters (Porter:
 * "sensibility" → "sensibl"), so only words starting with the rest are stemmed.
 */
function formsOf(index: SearchIndex, term: string): string[] {
  const own = stem(term);
  if (own === term && !isPlainWord(term)) return index.wordInfo.has(term) ? [term] : [];
  return wordsStartingWith(index, own.slice(0, Math.max(2, own.length - 2))).filter((word) => stem(word) === own);
}

function matchTerm(index: SearchIndex, term: string): TermMatch {
  const kinds = new Map<string, MatchKind>();
  for (const word of formsOf(index, term)) kinds.set(word, "exact");
  // A symbol word (c++) or a number matches only itself; a plain word also starts longer words.
  if (isPlainWord(term)) for (const word of wordsStartingWith(index, term)) if (!kinds.has(word)) kinds.set(word, "prefix");
  let correction: string | null = null;
  // A typo is assumed only for a word the index does not hold at all.
  if (kinds.size === 0 && isPlainWord(term) && term.length >= TYPO_MIN_LENGTH) {
    const near = nearWords(index, term, 1);
    correction = near[0] ?? null;
    for (const word of near) for (const form of [word, ...formsOf(index, word)]) if (!kinds.has(form)) kinds.set(form, "typo");
  }
  const scores = new Map<number, number>();
  for (const [word, kind] of kinds) {
    const { postings } = index.wordInfo.get(word)!;
    for (let i = 0; i < postings.length; i += 2) {
      const score = fieldScore(postings[i + 1]!) * MATCH_WEIGHTS[kind];
      const doc = postings[i]!;
      if (score > (scores.get(doc) ?? 0)) scores.set(doc, score);
    }
  }
  return { scores, correction, forms: [...kinds.keys()] };
}

function fieldScore(mask: number): number {
  let best = 0;
  let fields = 0;
  for (let field = 0; field < FIELD_COUNT; field++) {
    if ((mask & (1 << field)) === 0) continue;
    fields++;
    best = Math.max(best, FIELD_WEIGHTS[field]!);
  }
  return best + EXTRA_FIELD_BONUS * (fields - 1);
}

/**
 * Entries matching the query, best first. Every word must match (as itself,
 * a form of it, the start of a longer word, or, for a word the index lacks,
 * one typo away); only when no entry matches them all come those matching
 * the most. A title or tag match outranks a body match, and a whole word a
 * prefix.
 */
export function search(index: SearchIndex, query: string, limit = SEARCH_RESULTS_LIMIT): SearchAnswer {
  const terms = queryWords(query);
  const totals = new Map<number, { score: number; matched: number }>();
  const marks = new Set<string>();
  let corrected = false;
  const read: string[] = [];
  for (const term of terms) {
    const match = matchTerm(index, term);
    read.push(match.correction ?? term);
    if (match.correction !== null) corrected = true;
    for (const form of match.forms) marks.add(form);
    for (const [doc, score] of match.scores) {
      const total = totals.get(doc) ?? { score: 0, matched: 0 };
      total.score += score;
      total.matched++;
      totals.set(doc, total);
    }
  }
  let best = 0;
  for (const { matched } of totals.values()) best = Math.max(best, matched);
  const complete = best === terms.length;
  const hits = [...totals]
    .filter(([, total]) => !complete || total.matched === terms.length)
    .map(([doc, total]): SearchHit => ({ entry: index.entries[doc]!, ...total }))
    .sort(compareHits)
    .slice(0, limit);
  return { terms, hits, complete, corrected: corrected ? read.join(" ") : null, marks: [...marks].slice(0, MAX_SNIPPET_MARKS) };
}

function compareHits(a: SearchHit, b: SearchHit): number {
  return (
    b.matched - a.matched ||
    b.score - a.score ||
    (b.entry.date ?? "").localeCompare(a.entry.date ?? "") ||
    a.entry.slug.localeCompare(b.entry.slug)
  );
}
