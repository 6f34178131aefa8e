import { v } from "convex/values";
import { internalMutation, query } from "./_generated/server";
import { MAX_INSIGHT_DOCS, MAX_REPORTED_SUBSCRIBERS } from "./constants";
import { dateOf, dayOf, daysOf, newestWholeDays } from "./insights.span";
import { dashboardArgs, feedName, feedSubscribers, type FeedSubscribers } from "./validators";

// Feed fetches, counted on the server as the feed routes answer (http.ts). A
// day keeps one document per feed and aggregator: the fetch count and the
// latest subscriber count reported. No request detail, address or user agent is
// kept; fetches by readers that report nothing add up under aggregator "".

/**
 * Subscribers per aggregator and feed (the latest count each reported in the
 * range) and their total, with fetches per day. Reads at most
 * MAX_INSIGHT_DOCS day documents, newest first, so a range with more counts
 * its latest whole days; dashboard filters do not apply (no visit is behind a
 * fetch).
 */
export const subscribers = query({
  args: dashboardArgs,
  returns: feedSubscribers,
  handler: async (ctx, args): Promise<FeedSubscribers> => {
    const { from, to } = daysOf(args);
    const read = await ctx.db
      .query("feedFetches")
      .withIndex("by_day", (q) => q.gte("day", from).lt("day", to))
      .order("desc")
      .take(MAX_INSIGHT_DOCS);
    const { kept, from: countedFrom } = newestWholeDays(read, MAX_INSIGHT_DOCS);
    const docs = kept.reverse();
    const latest = new Map<string, FeedSubscribers["rows"][number]>();
    const perDay = new Map<number, number>();
    // Oldest day first, so a later report replaces an earlier one.
    for (const doc of docs) {
      perDay.set(doc.day, (perDay.get(doc.day) ?? 0) + doc.fetches);
      if (doc.subscribers === null || doc.aggregator === "") continue;
      latest.set(`${doc.feed}|${doc.aggregator}`, {
        aggregator: doc.aggregator,
        feed: doc.feed,
        subscribers: doc.subscribers,
        day: doc.day,
        date: dateOf(doc.day),
      });
    }
    const rows = [...latest.values()].sort((a, b) => b.subscribers - a.subscribers || a.aggregator.localeCompare(b.aggregator) || a.feed.localeCompare(b.feed));
    return {
      rows,
      total: rows.reduce((sum, row) => sum + row.subscribers, 0),
      days: [...perDay].map(([day, fetches]) => ({ day, date: dateOf(day), fetches })),
      ...(countedFrom === null ? {} : { countedFrom }),
    };
  },
});

// ---------------------------------------------------------------------------
// Internal: called by the feed routes.

/** One fetch of a feed: adds to its day's document, and keeps the count reported if any. */
export const recordFetch = internalMutation({
  args: { feed: feedName, aggregator: v.string(), subscribers: v.union(v.number(), v.null()) },
  returns: v.null(),
  handler: async (ctx, { feed, aggregator, subscribers: reported }) => {
    const subscribers =
      reported !== null && Number.isSafeInteger(reported) && reported >= 0 && reported <= MAX_REPORTED_SUBSCRIBERS ? reported : null;
    const day = dayOf(Date.now());
    const doc = await ctx.db
      .query("feedFetches")
      .withIndex("by_feed_and_aggregator_and_day", (q) => q.eq("feed", feed).eq("aggregator", aggregator).eq("day", day))
      .unique();
    if (doc === null) {
      await ctx.db.insert("feedFetches", { feed, aggregator, day, fetches: 1, subscribers });
    } else {
      await ctx.db.patch("feedFetches", doc._id, { fetches: doc.fetches + 1, subscribers: subscribers ?? doc.subscribers });
    }
    return null;
  },
});
