import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { MAX_INSIGHT_DOCS } from "./constants";
import { feedFetcherOf, MAX_USER_AGENT_CHARS, OTHER_AGGREGATOR } from "./feedStats.agents";
import { initConvexTest } from "./test.setup";

const NOON = Date.UTC(2026, 2, 10, 12);
const DAY_MS = 24 * 60 * 60 * 1000;
const args = (range: "today" | "7d" | "all" = "today") => ({ range, anchor: NOON - (NOON % 3_600_000), filters: [] });

// User agents as the aggregators send them (their published fetcher formats;
// ids and URLs changed).
const REAL_AGENTS: ReadonlyArray<readonly [string, string, number]> = [
  ["Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; feed-id=7a1e4b2c)", "Feedly", 42],
  ["Feedly/1.0 (+http://www.feedly.com/fetcher.html; 310 subscribers; like FeedFetcher-Google)", "Feedly", 310],
  ["Mozilla/5.0 (compatible; inoreader.com; 17 subscribers)", "Inoreader", 17],
  ["NewsBlur Feed Fetcher - 5 subscribers - https://www.newsblur.com/site/123456/example (Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0 Safari/605.1.15)", "NewsBlur", 5],
  ["Mozilla/5.0 (compatible; theoldreader.com; 3 subscribers; feed-id=5f0c1d2e3a4b)", "The Old Reader", 3],
  ["Feedbin feed-id:1373711 - 12 subscribers", "Feedbin", 12],
  ["Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 2 subscribers)", "BazQux", 2],
  ["Feedfetcher-Google; (+http://www.google.com/feedfetcher.html; 1 subscribers; feed-id=1368044458445856733)", "Google Feedfetcher", 1],
  ["Overcast/1.0 Podcast Sync (210 subscribers; feed-id=735461; +http://overcast.fm/)", "Overcast", 210],
];

describe("feedFetcherOf", () => {
  test.each(REAL_AGENTS)("%s", (agent, aggregator, subscribers) => {
    expect(feedFetcherOf(agent)).toEqual({ aggregator, subscribers });
  });

  test("a reader app or browser that reports nothing is no aggregator", () => {
    expect(feedFetcherOf("Mozilla/5.0 (compatible; Miniflux/2.2.3; +https://miniflux.app)")).toEqual({ aggregator: "", subscribers: null });
    expect(feedFetcherOf("NetNewsWire (RSS Reader; https://netnewswire.com/)")).toEqual({ aggregator: "", subscribers: null });
    expect(feedFetcherOf(null)).toEqual({ aggregator: "", subscribers: null });
  });

  test("a known aggregator without a count is named; an unknown one with a count is 'other'", () => {
    expect(feedFetcherOf("FeedlyBot/1.0 (http://feedly.com)")).toEqual({ aggregator: "Feedly", subscribers: null });
    expect(feedFetcherOf("SomeReader/3.1 (+https://reader.example; 8 subscribers)")).toEqual({ aggregator: OTHER_AGGREGATOR, subscribers: 8 });
  });

  test("a count too large, or a user agent too long, is not read", () => {
    expect(feedFetcherOf("Feedly/1.0 (999999999 subscribers)").subscribers).toBeNull();
    expect(feedFetcherOf(`Feedly/1.0 (42 subscribers) ${"x".repeat(MAX_USER_AGENT_CHARS)}`)).toEqual({ aggregator: "", subscribers: null });
  });
});

describe("feed fetches", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOON);
  });
  afterEach(() => vi.useRealTimers());

  test("fetching a feed counts it and keeps the subscriber count, not the user agent", async () => {
    const t = initConvexTest();
    const feedly = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; feed-id=abc)";
    expect((await t.fetch("/rss.xml", { headers: { "User-Agent": feedly } })).status).toBe(200);
    await t.fetch("/rss.xml", { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0" } });
    await t.fetch("/rss-full.xml", { headers: { "User-Agent": "Mozilla/5.0 (compatible; inoreader.com; 7 subscribers)" } });

    const answer = await t.query(api.feedStats.subscribers, args());
    expect(answer.total).toBe(49);
    expect(answer.rows.map((r) => [r.aggregator, r.feed, r.subscribers])).toEqual([
      ["Feedly", "rss", 42],
      ["Inoreader", "rssFull", 7],
    ]);
    expect(answer.days).toEqual([{ day: Date.UTC(2026, 2, 10), date: "2026-03-10", fetches: 3 }]);
    const stored = await t.run((ctx) => ctx.db.query("feedFetches").collect());
    expect(JSON.stringify(stored)).not.toMatch(/Mozilla|feed-id|Firefox/);
  });

  test("many fetches by one aggregator in a day write one document; the latest count wins", async () => {
    const t = initConvexTest();
    for (const n of [40, 41, 42]) {
      await t.mutation(internal.feedStats.recordFetch, { feed: "rss", aggregator: "Feedly", subscribers: n });
    }
    await t.mutation(internal.feedStats.recordFetch, { feed: "rss", aggregator: "Feedly", subscribers: null });
    const docs = await t.run((ctx) => ctx.db.query("feedFetches").collect());
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ fetches: 4, subscribers: 42 });
  });

  test("the panel follows the range: an older day's count is replaced by a newer one and left out of today", async () => {
    const t = initConvexTest();
    vi.setSystemTime(NOON - 2 * DAY_MS);
    await t.mutation(internal.feedStats.recordFetch, { feed: "rss", aggregator: "Feedbin", subscribers: 10 });
    vi.setSystemTime(NOON - DAY_MS);
    await t.mutation(internal.feedStats.recordFetch, { feed: "rss", aggregator: "Feedbin", subscribers: 12 });
    vi.setSystemTime(NOON);
    await t.mutation(internal.feedStats.recordFetch, { feed: "rss", aggregator: "", subscribers: null });

    const week = await t.query(api.feedStats.subscribers, args("7d"));
    expect(week.rows).toEqual([{ aggregator: "Feedbin", feed: "rss", subscribers: 12, day: Date.UTC(2026, 2, 9), date: "2026-03-09" }]);
    expect(week.days.map((d) => d.fetches)).toEqual([1, 1, 1]);
    const today = await t.query(api.feedStats.subscribers, args("today"));
    expect(today).toMatchObject({ rows: [], total: 0, days: [{ day: Date.UTC(2026, 2, 10), date: "2026-03-10", fetches: 1 }] });
  });

  test("past one read, the latest whole days count (the newest subscriber counts), and the answer says from when", async () => {
    const t = initConvexTest({ transactionLimits: true });
    await t.run(async (ctx) => {
      // Five days ago alone fills the read; oldest-first, yesterday's count would be lost.
      for (let i = 0; i < MAX_INSIGHT_DOCS; i++) {
        await ctx.db.insert("feedFetches", { day: Date.UTC(2026, 2, 5), feed: "rss", aggregator: `reader ${i}`, fetches: 1, subscribers: null });
      }
      await ctx.db.insert("feedFetches", { day: Date.UTC(2026, 2, 5), feed: "rss", aggregator: "Feedly", fetches: 1, subscribers: 40 });
      await ctx.db.insert("feedFetches", { day: Date.UTC(2026, 2, 9), feed: "rss", aggregator: "Feedly", fetches: 2, subscribers: 42 });
    });
    const week = await t.query(api.feedStats.subscribers, args("7d"));
    expect(week.countedFrom).toBe(Date.UTC(2026, 2, 9));
    expect(week.total).toBe(42);
    expect(week.days).toEqual([{ day: Date.UTC(2026, 2, 9), date: "2026-03-09", fetches: 2 }]);
    expect((await t.query(api.feedStats.subscribers, args("today"))).countedFrom).toBeUndefined();
  });

  test("a nonsense count from an internal caller is not kept", async () => {
    const t = initConvexTest();
    await t.mutation(internal.feedStats.recordFetch, { feed: "rss", aggregator: "Feedly", subscribers: -3 });
    await t.mutation(internal.feedStats.recordFetch, { feed: "rss", aggregator: "Feedly", subscribers: 1.5 });
    const docs = await t.run((ctx) => ctx.db.query("feedFetches").collect());
    expect(docs[0]).toMatchObject({ fetches: 2, subscribers: null });
  });
});
