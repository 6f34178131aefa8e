// Which feed aggregator a fetch comes from and how many subscribers it says it
// fetches for. Hosted readers put the count in their user agent ("42
// subscribers", "12 readers"); only the aggregator's name from the list below
// and the number are kept, never the user agent. Pure; the second dot keeps it
// from being a Convex module.
import { MAX_REPORTED_SUBSCRIBERS } from "./constants";

/** Longer user agents are not read: no aggregator sends one, and a regex never scans a huge header. */
export const MAX_USER_AGENT_CHARS = 512;

/** Known aggregators, each by a pattern of its fetcher's user agent. Order matters: first match wins. */
const AGGREGATORS: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  ["Feedly", /\bfeedly/i],
  ["Inoreader", /\binoreader/i],
  ["NewsBlur", /\bnewsblur/i],
  ["The Old Reader", /\btheoldreader/i],
  ["Feedbin", /\bfeedbin/i],
  ["BazQux", /\bbazqux/i],
  ["Feedspot", /\bfeedspot/i],
  ["Netvibes", /\bnetvibes/i],
  ["Feed Wrangler", /\bfeed ?wrangler/i],
  ["Superfeedr", /\bsuperfeedr/i],
  ["Google Feedfetcher", /\bfeedfetcher-google/i],
  ["Feeder", /\bfeeder\.co\b/i],
  ["Bloglovin", /\bbloglovin/i],
  ["Overcast", /\bovercast\//i],
];

/** A fetcher that reports a count but is not in the list. */
export const OTHER_AGGREGATOR = "Other aggregator";

/** "42 subscribers", "1 subscriber", "12 readers": the count an aggregator reports. */
const COUNT_PATTERN = /(?:^|[\s;(,-])(\d{1,9}) (?:subscribers?|readers?)\b/i;

export type FeedFetcher = {
  /** The aggregator's name, or "" for a fetcher that is not one (a reader app, a browser, a crawler). */
  aggregator: string;
  /** What it reported, or null. */
  subscribers: number | null;
};

export function feedFetcherOf(userAgent: string | null): FeedFetcher {
  if (userAgent === null || userAgent.length > MAX_USER_AGENT_CHARS) return { aggregator: "", subscribers: null };
  const known = AGGREGATORS.find(([, pattern]) => pattern.test(userAgent))?.[0];
  const match = COUNT_PATTERN.exec(userAgent);
  const count = match === null ? null : Number(match[1]);
  const subscribers = count !== null && count <= MAX_REPORTED_SUBSCRIBERS ? count : null;
  if (known !== undefined) return { aggregator: known, subscribers };
  return subscribers === null ? { aggregator: "", subscribers: null } : { aggregator: OTHER_AGGREGATOR, subscribers };
}
