import { useQuery } from "convex/react";
import { useMemo, useState } from "react";
import { api } from "../../../convex/_generated/api";
import { buildIndex, search, type SearchAnswer } from "../../../convex/search.engine";
import { searchHelp, type SearchHelp } from "../../../convex/search.help";
import type { SnippetSegment } from "../../../convex/validators";
import { useDebouncedValue } from "./useDebouncedValue";
import { useSearchIndex } from "./useSearchIndex";

/** Typing pauses this long before the results' quotes are asked for. */
export const SNIPPET_DEBOUNCE_MS = 150;

/** Quotes kept for reuse while the reader types on. */
const QUOTE_CACHE_SIZE = 200;

const quoteKey = (marks: readonly string[], slug: string) => `${marks.join(" ")}\n${slug}`;

export interface SearchState {
  /** Null while the index loads. */
  answer: SearchAnswer | null;
  /** Only when the query has words and nothing matched. */
  help: SearchHelp | null;
  /** The results' quotes received so far, by slug. */
  quotes: ReadonlyMap<string, SnippetSegment[]>;
}

/**
 * Searches as the reader types: the index (live, so a sync updates it) is
 * built once its chunks have arrived after search opens and every key is answered at once from it;
 * the results' quotes follow once typing pauses.
 */
export function useSearch(typed: string): SearchState {
  const chunks = useSearchIndex();
  const index = useMemo(() => (chunks === null ? null : buildIndex(chunks)), [chunks]);
  const answer = useMemo(() => (index === null ? null : search(index, typed)), [index, typed]);
  const help = useMemo(
    () => (index !== null && answer !== null && answer.terms.length > 0 && answer.hits.length === 0 ? searchHelp(index, typed) : null),
    [index, answer, typed],
  );
  const request = useMemo(
    () => (answer === null || answer.hits.length === 0 ? null : { slugs: answer.hits.map((h) => h.entry.slug), marks: answer.marks }),
    [answer],
  );
  const settled = useDebouncedValue(request, SNIPPET_DEBOUNCE_MS);
  const fetched = useQuery(api.search.snippets, settled ?? "skip");
  // Quotes by the words they mark and slug: typing on while the same words match keeps them,
  // and a quote marking other words is never shown for this query.
  const [cache, setCache] = useState<{ from: unknown; map: Map<string, SnippetSegment[]> }>({ from: null, map: new Map() });
  if (fetched !== undefined && settled !== null && cache.from !== fetched) {
    const map = cache.map.size > QUOTE_CACHE_SIZE ? new Map<string, SnippetSegment[]>() : new Map(cache.map);
    for (const { slug, snippet } of fetched) map.set(quoteKey(settled.marks, slug), snippet);
    setCache({ from: fetched, map });
  }
  const quotes = useMemo(() => {
    const shown = new Map<string, SnippetSegment[]>();
    for (const slug of request?.slugs ?? []) {
      const quote = cache.map.get(quoteKey(request!.marks, slug));
      if (quote !== undefined) shown.set(slug, quote);
    }
    return shown;
  }, [cache, request]);
  return { answer, help, quotes };
}
