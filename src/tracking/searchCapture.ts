// Sends site searches (src/components/search/useSearchCapture.ts), loaded only
// once a reader searches, so neither the post page nor the search dialog
// carries it or the bot check up front. The same switch as page tracking:
// nothing is sent with the opt-out on, DNT or GPC on, in a frame, or from a bot.
import type { ConvexReactClient } from "convex/react";
import { api } from "../../convex/_generated/api";
import { MAX_SEARCH_QUERY_CHARS } from "../../convex/constants";
import { trackingBlock, type BrowserSignals } from "./consent";
import { sessionIds, type SessionIdSource } from "./sessionId";
import { trackingSettings } from "./settings";
import { attempt, reportTrackingFailure } from "./trackingFailures";

export interface SearchReporter {
  search(term: string, results: number): void;
  open(term: string, slug: string): void;
}

/** The session id lets the server count a search under its visit's attributes (country, source…); it is not stored. */
export function searchSender(
  client: ConvexReactClient,
  blocked = () => trackingBlock(navigator as BrowserSignals, trackingSettings),
  ids: SessionIdSource = sessionIds,
): SearchReporter {
  const send = (call: () => Promise<unknown>) => {
    if (blocked() === null) attempt(call).catch(reportTrackingFailure);
  };
  return {
    // The box already caps what can be typed; a longer term would only be refused.
    search: (term, results) => send(() => client.mutation(api.searchStats.recordSearch, { term: term.slice(0, MAX_SEARCH_QUERY_CHARS), results, sessionId: ids.get() })),
    open: (term, slug) => send(() => client.mutation(api.searchStats.recordOpen, { term: term.slice(0, MAX_SEARCH_QUERY_CHARS), slug, sessionId: ids.get() })),
  };
}
