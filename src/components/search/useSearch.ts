import { useQuery } from "convex/react";
import { useMemo, useState } from "react";
import { api } from "../../../convex/_generated/api";
import { buildIndex, search, type SearchAnswer } from "../../../convex/search.engine";
import { searchHelp, type SearchHelp } from "../../../convex/search.help";
import type { SnippetSegment } from "../../../convex/validators";
import { useDebouncedValue } from "./useDebouncedValue";

/** Typing pauses this long before the results' quotes are asked for. */
export const SNIPPET_DEBOUNCE_MS = 150;

export interface SearchState {
  /** Null while the index loads. */
  answer: SearchAnswer | null;
  /** Only when the query has words and nothing matched. */
  help: SearchHelp | null;
  /** Quotes received so far, by slug (the previous query's stay until the next arrive). */
  quotes: ReadonlyMap<string, SnippetSegment[]>;
}

/**
 * Searches as the reader types: the index (live, so a sync updates it) is
 * built once when search opens and every key is answered at once from it;
 * the results' quotes follow once typing pauses.
 */
export function useSearch(typed: string): SearchState {
  const data = useQuery(api.search.index, {});
  const index = useMemo(() => (data === undefined ? null : buildIndex(data)), [data]);
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
  const [quotes, setQuotes] = useState<{ from: unknown; map: Map<string, SnippetSegment[]> }>({ from: null, map: new Map() });
  if (fetched !== undefined && quotes.from !== fetched) {
    setQuotes({ from: fetched, map: new Map([...quotes.map, ...fetched.map((f): [string, SnippetSegment[]] => [f.slug, f.snippet])]) });
  }
  return { answer, help, quotes: quotes.map };
}
