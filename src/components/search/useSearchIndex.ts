import { useQueries } from "convex/react";
import { useMemo, useState } from "react";
import { api } from "../../../convex/_generated/api";
import type { SearchIndexChunk } from "../../../convex/validators";

// The index arrives in chunks (convex/search.chunk.ts): each chunk names the
// slug the next one starts after, so they are asked one after another. All
// stay subscribed, and Convex updates them together, so after a sync the
// chunks never mix two versions of the site.

const keyOf = (after: string | undefined) => (after === undefined ? "" : `after:${after}`);
const argsOf = (after: string | undefined): Record<string, string> => (after === undefined ? {} : { after });

/** Every chunk of the search index, or null until the last one has arrived. */
export function useSearchIndex(): readonly SearchIndexChunk[] | null {
  const [cursors, setCursors] = useState<ReadonlyArray<string | undefined>>([undefined]);
  const requests = useMemo(
    () => Object.fromEntries(cursors.map((after) => [keyOf(after), { query: api.search.index, args: argsOf(after) }])),
    [cursors],
  );
  const results = useQueries(requests);
  const walk = useMemo(() => {
    const chunks: SearchIndexChunk[] = [];
    const wanted: Array<string | undefined> = [];
    let after: string | undefined;
    for (;;) {
      wanted.push(after);
      const result: unknown = results[keyOf(after)];
      if (result instanceof Error) throw result;
      if (result === undefined) return { chunks: null, wanted };
      const chunk = result as SearchIndexChunk;
      chunks.push(chunk);
      if (chunk.next === null) return { chunks, wanted };
      after = chunk.next;
    }
  }, [results]);
  const { wanted, chunks } = walk;
  // A chunk that names another next (a sync moved the boundaries) drops the cursors after it.
  if (!sameItems(cursors, wanted)) setCursors(wanted);
  // The same chunks keep the same array, so the index is built again only when one changed.
  const [kept, setKept] = useState<readonly SearchIndexChunk[] | null>(null);
  const same = kept === chunks || (kept !== null && chunks !== null && sameItems(kept, chunks));
  if (!same) setKept(chunks);
  return same ? kept : chunks;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
