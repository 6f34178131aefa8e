import { useConvex } from "convex/react";
import { useCallback, useEffect, useMemo, useRef } from "react";
import type { SearchReporter } from "../../tracking/searchCapture";
import { reportTrackingFailure } from "../../tracking/trackingFailures";

/** Typing must pause this long before a search counts: one search, not one per key. */
export const SEARCH_SETTLE_MS = 1_200;

type Load = () => Promise<typeof import("../../tracking/searchCapture")>;
const loadCapture: Load = () => import("../../tracking/searchCapture");

/** A reporter that loads the sender on first use; calls made meanwhile wait for it. */
function lazyReporter(make: () => Promise<SearchReporter>): SearchReporter {
  let loading: Promise<SearchReporter> | null = null;
  const withReporter = (call: (reporter: SearchReporter) => void) => {
    loading ??= make();
    loading.then(call).catch(reportTrackingFailure);
  };
  return {
    search: (term, results) => withReporter((r) => r.search(term, results)),
    open: (term, slug) => withReporter((r) => r.open(term, slug)),
  };
}

/**
 * Counts a search once the reader's typing settles (SEARCH_SETTLE_MS without
 * a change), not per key: each distinct term once per open dialog, with its
 * result count. `results` is null while nothing was searched (no index yet, or
 * no word long enough). Opening a result, or closing the dialog, settles the
 * term at once. Returns what to call with the slug of an opened result.
 */
export function useSearchCapture(typed: string, results: number | null, given?: SearchReporter): (slug: string) => void {
  const client = useConvex();
  const reporter = useMemo(() => given ?? lazyReporter(() => loadCapture().then((m) => m.searchSender(client))), [given, client]);
  const current = useRef<{ term: string; results: number } | null>(null);
  const sent = useRef(new Set<string>());

  const settle = useCallback(() => {
    const search = current.current;
    if (search === null) return null;
    const key = search.term.toLowerCase();
    if (!sent.current.has(key)) {
      sent.current.add(key);
      reporter.search(search.term, search.results);
    }
    return search.term;
  }, [reporter]);

  useEffect(() => {
    current.current = typed === "" || results === null ? null : { term: typed, results };
    if (current.current === null) return;
    const timer = setTimeout(settle, SEARCH_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [typed, results, settle]);

  // Closing the dialog ends the typing: what was last typed counts.
  useEffect(() => () => void settle(), [settle]);

  return useCallback(
    (slug: string) => {
      const term = settle();
      if (term !== null) reporter.open(term, slug);
    },
    [settle, reporter],
  );
}
