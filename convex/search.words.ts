import { stemmer } from "stemmer";
import { MAX_SEARCH_QUERY_CHARS, MAX_SEARCH_TERMS, MAX_SEARCH_WORD_CHARS } from "./constants";

// How search reads words, shared by the sync (what it stores), the browser's
// index (what it matches and ranks) and the snippet query (what it marks), so
// the three can never disagree.

/**
 * A word: letters and digits, optionally closed by `++` or `#` (c++, c#, f#)
 * when no letter follows. Apostrophes are dropped first, so "don't" is one word.
 */
const WORD = /[\p{L}\p{N}]+(?:(?:\+\+|#)(?![\p{L}\p{N}]))?/gu;

/** Words too common to tell posts apart: they are neither stored nor searched. */
const STOP_WORDS = new Set(
  "a an and are as at be but by for from has have in into is it its of on or so than that the their then there these this those to was were will with".split(" "),
);

/** Lowercase, without accents: "Café" and "cafe" are one word. */
export function foldCase(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * The searchable words of a text, in order, repeats kept: folded, stop words
 * and bare one-character words left out (a lone letter would match
 * everything), over-long runs (hashes, URLs) too.
 */
export function words(text: string): string[] {
  const found = foldCase(text).replace(/['’]/g, "").match(WORD) ?? [];
  return found.filter(isSearchable);
}

function isSearchable(word: string): boolean {
  if (word.length > MAX_SEARCH_WORD_CHARS || STOP_WORDS.has(word)) return false;
  return word.length >= 2;
}

/** True for a plain word of letters a-z, the only kind stemming and typo forgiveness apply to. */
export function isPlainWord(word: string): boolean {
  return /^[a-z]+$/.test(word);
}

const stems = new Map<string, string>();

/**
 * The word's English stem (Porter): "caching", "cached" and "cache" share
 * "cach". Words with digits, symbols or other alphabets are their own stem.
 */
export function stem(word: string): string {
  if (!isPlainWord(word) || word.length < 4) return word;
  let found = stems.get(word);
  if (found === undefined) {
    found = stemmer(word);
    // Stemming is the hot path when an index is built; a bounded cache keeps it cheap.
    if (stems.size > 50_000) stems.clear();
    stems.set(word, found);
  }
  return found;
}

/**
 * The distinct words of a query, in order, at most MAX_SEARCH_TERMS. An
 * empty, symbol-only or over-long query has none.
 */
export function queryWords(query: string): string[] {
  if (query.length > MAX_SEARCH_QUERY_CHARS) return [];
  return [...new Set(words(query))].slice(0, MAX_SEARCH_TERMS);
}

/** Shortest word a typo is forgiven in. */
export const TYPO_MIN_LENGTH = 5;

/**
 * Whether `a` and `b` differ by at most one edit: a letter added, removed,
 * changed, or two neighbours swapped (optimal string alignment distance ≤ 1).
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Edit distance (optimal string alignment), stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2]! + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    previous2 = previous;
    previous = row;
  }
  return previous[b.length]!;
}
