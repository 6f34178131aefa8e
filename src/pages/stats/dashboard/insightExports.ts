import type { FeedSubscribers, SearchTerms } from "../../../../convex/validators";
import { toCsv } from "./csv";

export function searchTermsCsv(data: SearchTerms): string {
  return toCsv(
    ["term", "searches", "searches with no result", "results of the latest search", "results opened", "most opened"],
    data.rows.map((r) => [r.term, r.searches, r.zeroResults, r.results, r.opens, r.topOpened === null ? null : `/${r.topOpened}`]),
  );
}

export function feedSubscribersCsv(data: FeedSubscribers): string {
  return toCsv(
    ["aggregator", "feed", "subscribers", "reported on"],
    data.rows.map((r) => [r.aggregator, FEED_PATHS[r.feed], r.subscribers, r.date]),
  );
}

export function feedFetchesCsv(data: FeedSubscribers): string {
  return toCsv(["day", "fetches"], data.days.map((d) => [d.date, d.fetches]));
}

export const FEED_PATHS = { rss: "/rss.xml", rssFull: "/rss-full.xml" } as const;

