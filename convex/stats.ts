import { v } from "convex/values";
import { liveGeneration } from "./content.live";
import { internal } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { internalMutation, mutation, query, type DatabaseReader } from "./_generated/server";
import { DEDUP_WINDOW_MS, MAX_SYNC_POSTS } from "./constants";
import { sessionTimeoutMs } from "./stats.config";
import { earliest, foldIntoPathTotals, ROLLUP_BATCH, wholeCommits } from "./stats.rollup";
import { checkAccess } from "./dashboard.access";
import { recordLinkEvent, missingPageEvent } from "./links.store";
import { normalizeContext } from "./stats.context";
import { checkPath, FIXED_PAGES, normalizeSessionId, type SitePage } from "./stats.input";
import { renamedPaths } from "./stats.aliases";
import { sitePageOf } from "./stats.pages";
import { checkEngagement, dimensionsOf, engagementOf, latestViewOfSession, scrollShare, visitFieldsOf } from "./stats.visit";
import { pageType, stats, visitContextInput, type PageStat, type Stats } from "./validators";

// Every read below has a named bound, none grows with the number of views.
// Worst case getStats reads 1 + 1 + 1,000 + 5,000 + 200 + 1,000 + 20,000 +
// 1,000 (renamed posts' old slugs and their posts, stats.aliases.ts) = 28,202
// documents, under Convex's 32,000 per transaction.

/** Rows of "Views by Page"; past it, paths outside the most viewed are not listed. */
const MAX_PAGE_STATS_ROWS = 1_000;
/** Published posts and pages read to count them and to resolve titles. */
const MAX_COUNTED_POSTS = MAX_SYNC_POSTS;
const MAX_COUNTED_PAGES = 200;
/** Paths with readers that "Active Now" lists; past it, the quietest are left out. */
const MAX_ACTIVE_PATHS = 1_000;
/**
 * Views not folded yet that getStats adds to the totals. The rollup keeps the
 * tail to about a minute of traffic; past this the stats show a consistent
 * but older prefix until it catches up.
 */
const MAX_TAIL_VIEWS = 20_000;
/** The caps that can leave getStats short; a parameter only so tests can reach them with few rows. */
export type StatsCaps = { pageStatsRows: number; tailViews: number };
const STATS_CAPS: StatsCaps = { pageStatsRows: MAX_PAGE_STATS_ROWS, tailViews: MAX_TAIL_VIEWS };
/** Stale sessions deleted per cleanup run; it reschedules itself while more remain. */
export const CLEANUP_BATCH = 500;

export const recordPageView = mutation({
  // The client cannot tell a post from a page, so its pageType is only a hint;
  // the stored type comes from the content tables. Every path counts, a
  // missing page as "notFound": a visit that lands on one keeps its source.
  // Path and session id are strict; a context field that makes no sense is
  // dropped on its own (stats.context.ts), never the view.
  args: { path: v.string(), pageType, sessionId: v.string(), context: v.optional(visitContextInput) },
  returns: v.null(),
  handler: async (ctx, { path: givenPath, sessionId: givenSessionId, context: given = {} }) => {
    checkPath(givenPath);
    const sessionId = normalizeSessionId(givenSessionId);
    const { context, ref } = normalizeContext(given);
    const page = await sitePageOf(ctx.db, givenPath);
    // A renamed post's old path counts as the post.
    const { path } = page;

    // Both reads stay inside this session's key prefix, so only the same
    // session's own writes can conflict with them.
    const now = Date.now();
    const lastView = await ctx.db
      .query("pageViews")
      .withIndex("by_sessionId_and_path", (q) => q.eq("sessionId", sessionId).eq("path", path))
      .order("desc")
      .first();
    if (lastView !== null && now - lastView.timestamp < DEDUP_WINDOW_MS) return null;
    const latest = await latestViewOfSession(ctx.db, sessionId);

    const fields = await visitFieldsOf(ctx.db, { path, now, context, ref }, latest, lastView);
    await ctx.db.insert("pageViews", {
      path,
      pageType: page.pageType,
      sessionId,
      timestamp: now,
      newVisitor: latest === null,
      commitTs: ctx.db.vars.commitTs,
      ...fields,
    });
    if (page.pageType === "notFound") await recordLinkEvent(ctx, missingPageEvent(path, sessionId, fields), { path, dims: dimensionsOf(fields) }, now);
    return null;
  },
});

/**
 * Visible time spent on the session's latest view of `path`, sent when that
 * page visit ends (path change, hidden tab, pagehide). Insert-only; the
 * dashboard's rollup folds it into engaged time, bounces and read completion.
 */
export const recordEngagement = mutation({
  // scrollDepth: the largest share 0..1 of the article seen so far; a bad one is dropped, not the report.
  args: { sessionId: v.string(), path: v.string(), engagedMs: v.number(), scrollDepth: v.optional(v.number()) },
  returns: v.null(),
  handler: async (ctx, { sessionId: givenSessionId, path, engagedMs, scrollDepth }) => {
    const sessionId = normalizeSessionId(givenSessionId);
    checkEngagement(sessionId, path, engagedMs);
    if (engagedMs === 0) return null;
    const event = await engagementOf(ctx.db, { sessionId, path, engagedMs, now: Date.now(), scrollDepth: scrollShare(scrollDepth) });
    if (event !== null) await ctx.db.insert("engagements", { ...event, commitTs: ctx.db.vars.commitTs });
    return null;
  },
});

export const getStats = query({
  // A pure function of the database: "Active Now" reads `presence`, which the
  // expiry job keeps current, so no clock is needed here.
  args: { key: v.optional(v.string()) },
  returns: stats,
  handler: async (ctx, { key }) => {
    checkAccess(key);
    return await readStats(ctx.db);
  },
});

export async function readStats(db: DatabaseReader, caps: StatsCaps = STATS_CAPS): Promise<Stats> {
  // One snapshot: the totals, the rows they cover and the tail after their
  // watermark always add up to exactly the recorded views.
  const totals = await db.query("pageViewTotals").first();
  const generation = await liveGeneration(db);
  const [pathRows, tail, posts, pages, active] = await Promise.all([
    db.query("pathViewTotals").withIndex("by_views").order("desc").take(caps.pageStatsRows),
    unfoldedViews(db, totals?.watermark ?? null, caps.tailViews),
    db
      .query("posts")
      .withIndex("by_generation_and_published_and_date", (q) => q.eq("generation", generation).eq("published", true))
      .take(MAX_COUNTED_POSTS),
    db
      .query("pages")
      .withIndex("by_generation_and_published_and_order", (q) => q.eq("generation", generation).eq("published", true))
      .take(MAX_COUNTED_PAGES),
    db.query("presenceCounts").withIndex("by_path").take(MAX_ACTIVE_PATHS),
  ]);

  const content = new Map<string, SitePage>();
  for (const p of pages) content.set(`/${p.slug}`, { pageType: "page", title: p.title });
  for (const p of posts) content.set(`/${p.slug}`, { pageType: "blog", title: p.title });

  const allRowsRead = pathRows.length < caps.pageStatsRows;
  const renamed = await renamedPaths(db, generation, [...pathRows.map((r) => r.path), ...tail.map((v) => v.path)]);
  return {
    activeVisitors: active.reduce((sum, { count }) => sum + count, 0),
    activeByPath: active
      .map(({ path, count }) => ({ path, count }))
      .sort((a, b) => b.count - a.count || a.path.localeCompare(b.path)),
    totalPageViews: (totals?.totalPageViews ?? 0) + tail.length,
    uniqueVisitors: (totals?.uniqueVisitors ?? 0) + tail.filter((view) => view.newVisitor).length,
    publishedPosts: posts.length,
    publishedPages: pages.length,
    trackingSince: earliest(totals?.trackingSince ?? null, tail),
    pageStats: pageStatsOf(pathRows, tail, allRowsRead, content, renamed),
    // A full tail may have more views behind it, and a cut row list may miss
    // a path whose new views would list it: either way a figure may be short.
    catchingUp: tail.length === caps.tailViews || !allRowsRead,
  };
}

function unfoldedViews(db: DatabaseReader, watermark: bigint | null, cap: number) {
  return db
    .query("pageViews")
    .withIndex("by_commitTs", (q) => (watermark === null ? q : q.gt("commitTs", watermark)))
    .take(cap);
}

function pageStatsOf(
  rows: Doc<"pathViewTotals">[],
  tail: Doc<"pageViews">[],
  allRowsRead: boolean,
  content: Map<string, SitePage>,
  renamed: Map<string, string>,
): PageStat[] {
  // A renamed post's views under its old path count as the post's.
  const byPath = new Map<string, { views: number; pageType: PageStat["pageType"] }>();
  for (const r of rows) {
    const path = renamed.get(r.path) ?? r.path;
    const entry = byPath.get(path);
    if (entry !== undefined) entry.views += r.views;
    else byPath.set(path, { views: r.views, pageType: r.pageType });
  }
  for (const view of tail) {
    const entry = byPath.get(renamed.get(view.path) ?? view.path);
    if (entry !== undefined) entry.views += 1;
    // With the row list cut short, a missing path may have folded views we did not read.
    else if (allRowsRead) byPath.set(renamed.get(view.path) ?? view.path, { views: 1, pageType: view.pageType });
  }
  return [...byPath]
    .map(([path, { views, pageType }]) => {
      const page = FIXED_PAGES.get(path) ?? content.get(path) ?? { pageType, title: path };
      return { path, title: page.title, pageType: page.pageType, views };
    })
    .sort((a, b) => b.views - a.views || a.path.localeCompare(b.path));
}

// ---------------------------------------------------------------------------
// Internal: scheduled maintenance.
// ---------------------------------------------------------------------------

/**
 * Folds views committed after the watermark into per-path and global totals.
 * The range stops at this transaction's snapshot, so views committing while it
 * runs are outside its read set: the rollup never conflicts with a visitor.
 */
export const rollupPageViews = internalMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    const totals = await ctx.db.query("pageViewTotals").first();
    const watermark = totals?.watermark ?? null;
    const snapshotTs = ctx.meta.getSnapshotTs();
    const batch = await ctx.db
      .query("pageViews")
      .withIndex("by_commitTs", (q) =>
        watermark === null
          ? q.lte("commitTs", snapshotTs)
          : q.gt("commitTs", watermark).lte("commitTs", snapshotTs),
      )
      .take(ROLLUP_BATCH);
    if (batch.length === 0) return null;

    const { views, through } = await wholeCommits(ctx, batch);
    await foldIntoPathTotals(ctx, views);
    const next = {
      watermark: through,
      totalPageViews: (totals?.totalPageViews ?? 0) + views.length,
      uniqueVisitors: (totals?.uniqueVisitors ?? 0) + views.filter((view) => view.newVisitor).length,
      trackingSince: earliest(totals?.trackingSince ?? null, views),
    };
    if (totals === null) await ctx.db.insert("pageViewTotals", next);
    else await ctx.db.patch("pageViewTotals", totals._id, next);

    if (batch.length === ROLLUP_BATCH) {
      await ctx.scheduler.runAfter(0, internal.stats.rollupPageViews, {});
    }
    return null;
  },
});

/**
 * Empties the retired `activeSessions` table (presence replaced it), a batch
 * at a time; once a deployment's table is empty, this and the table can go.
 */
export const cleanupStaleSessions = internalMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    const cutoff = Date.now() - sessionTimeoutMs();
    const stale = await ctx.db
      .query("activeSessions")
      .withIndex("by_lastSeen", (q) => q.lt("lastSeen", cutoff))
      .take(CLEANUP_BATCH);
    await Promise.all(stale.map((session) => ctx.db.delete("activeSessions", session._id)));
    if (stale.length === CLEANUP_BATCH) {
      await ctx.scheduler.runAfter(0, internal.stats.cleanupStaleSessions, {});
    }
    return null;
  },
});
