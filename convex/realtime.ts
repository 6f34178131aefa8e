import { ConvexError, v } from "convex/values";
import { REALTIME_LIST_VIEWS, REALTIME_MAX_VIEWS } from "./constants";
import { REALTIME_MINUTE_MS } from "./realtime.window";
import { liveGeneration } from "./content.live";
import { query, type DatabaseReader } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { checkAccess } from "./dashboard.access";
import { FIXED_PAGES } from "./stats.input";
import { realtimeAnswer, type RealtimeAnswer, type RealtimeMinute } from "./validators";

// The "Last 30 minutes" view. It reads the newest views straight from the
// event table through its creation-time index, at most REALTIME_MAX_VIEWS of
// them, so the answer costs the same on a quiet site and a flooded one. Every
// new view re-runs it: that is what makes the list live. The client passes the
// window's start, a whole minute, so the query needs no clock and every
// viewer in the same minute shares one cached answer.

export const lastMinutes = query({
  args: { since: v.number(), key: v.optional(v.string()) },
  returns: realtimeAnswer,
  handler: async (ctx, { since, key }) => {
    checkAccess(key);
    if (!Number.isSafeInteger(since) || since <= 0 || since % REALTIME_MINUTE_MS !== 0) {
      throw new ConvexError("since must be a positive whole minute, in milliseconds");
    }
    const views = await ctx.db
      .query("pageViews")
      .withIndex("by_creation_time", (q) => q.gte("_creationTime", since))
      .order("desc")
      .take(REALTIME_MAX_VIEWS);
    return await answerOf(ctx.db, views, since);
  },
});

/** Counts per minute, newest views first. Past the read cap, the oldest minute read may be partial: counting starts after it. */
export async function answerOf(db: DatabaseReader, newestFirst: readonly Doc<"pageViews">[], since: number): Promise<RealtimeAnswer> {
  const truncated = newestFirst.length >= REALTIME_MAX_VIEWS;
  const oldest = newestFirst.at(-1);
  const from = truncated && oldest ? minuteOf(oldest.timestamp) + REALTIME_MINUTE_MS : since;
  const counted = newestFirst.filter((view) => view.timestamp >= from);
  const latest = counted.slice(0, REALTIME_LIST_VIEWS);
  const titles = await titlesOf(db, new Set(latest.map((view) => view.path)));
  return {
    minutes: perMinute(counted),
    visitors: new Set(counted.map((view) => view.sessionId)).size,
    views: counted.length,
    latest: latest.map((view) => ({
      id: view._id,
      timestamp: view.timestamp,
      path: view.path,
      title: titles.get(view.path) ?? null,
      source: view.source ?? null,
      country: view.country ?? null,
      device: view.device ?? null,
    })),
    from,
    truncated,
  };
}

function minuteOf(timestamp: number): number {
  return Math.floor(timestamp / REALTIME_MINUTE_MS) * REALTIME_MINUTE_MS;
}

/** Views and distinct visitors per minute that had any, oldest first. */
export function perMinute(views: readonly Pick<Doc<"pageViews">, "timestamp" | "sessionId">[]): RealtimeMinute[] {
  const minutes = new Map<number, { views: number; sessions: Set<string> }>();
  for (const view of views) {
    const start = minuteOf(view.timestamp);
    const minute = minutes.get(start) ?? { views: 0, sessions: new Set<string>() };
    minute.views += 1;
    minute.sessions.add(view.sessionId);
    minutes.set(start, minute);
  }
  return [...minutes]
    .sort(([a], [b]) => a - b)
    .map(([start, { views: count, sessions }]) => ({ start, views: count, visitors: sessions.size }));
}

/** Titles of at most REALTIME_LIST_VIEWS paths: two indexed reads each. */
async function titlesOf(db: DatabaseReader, paths: ReadonlySet<string>): Promise<Map<string, string>> {
  const generation = await liveGeneration(db);
  const titles = new Map<string, string>();
  await Promise.all(
    [...paths].map(async (path) => {
      const fixed = FIXED_PAGES.get(path);
      if (fixed) return titles.set(path, fixed.title);
      const slug = path.slice(1);
      const post = await db
        .query("posts")
        .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
        .first();
      if (post?.published) return titles.set(path, post.title);
      const page = await db
        .query("pages")
        .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
        .first();
      if (page?.published) titles.set(path, page.title);
    }),
  );
  return titles;
}

