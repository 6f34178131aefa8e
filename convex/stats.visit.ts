// What a view and an engagement event store for the dashboard: the visit
// context's checks, the visit a view belongs to, and the markers the rollup
// counts bounces and read completion from. Every read stays inside the calling
// session's own key prefix, so two sessions never conflict.
// Imported by stats.ts; the second dot keeps it from being a Convex module.
import { liveGeneration } from "./content.live";
import { ConvexError } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import type { DatabaseReader } from "./_generated/server";
import { MAX_VIEW_ENGAGED_MS, MAX_VISIT_ENGAGEMENTS, MAX_VISIT_PATHS, MAX_VISIT_VIEWS_READ } from "./constants";
import { checkPath, checkSessionId } from "./stats.input";
import { sourceOf } from "./stats.sources";
import type { EventDimensions, VisitContext, VisitMarkers } from "./validators";

/** A visit is a session's views with gaps under this. */
export const VISIT_GAP_MS = 30 * 60 * 1000;
/** A visit with one view and less engaged time than this is a bounce. */
export const BOUNCE_ENGAGED_MS = 10 * 1000;
/** One engagement report covers at most this much visible time. */
export const MAX_ENGAGED_MS = 4 * 60 * 60 * 1000;
/** Engagement reports read to sum a view's engaged time; past it, further reports are dropped. */
export const MAX_ENGAGEMENTS_PER_VIEW = 200;

export function checkEngagement(sessionId: string, path: string, engagedMs: number): void {
  checkSessionId(sessionId);
  checkPath(path);
  if (!Number.isSafeInteger(engagedMs) || engagedMs < 0 || engagedMs > MAX_ENGAGED_MS) {
    throw new ConvexError(`engagedMs must be a whole number of milliseconds from 0 to ${MAX_ENGAGED_MS}`);
  }
}

export function latestViewOfSession(db: DatabaseReader, sessionId: string) {
  return db
    .query("pageViews")
    .withIndex("by_sessionId_and_timestamp", (q) => q.eq("sessionId", sessionId))
    .order("desc")
    .first();
}

/** The session's visit still going on at `now`: its newest view, if under VISIT_GAP_MS old (what a click or a search belongs to). */
export async function ongoingVisitOf(db: DatabaseReader, sessionId: string, now: number): Promise<Doc<"pageViews"> | null> {
  const latest = await latestViewOfSession(db, sessionId);
  return latest !== null && now - latest.timestamp < VISIT_GAP_MS ? latest : null;
}

function engagementsOfView(db: DatabaseReader, view: Doc<"pageViews">) {
  return db
    .query("engagements")
    .withIndex("by_sessionId_and_timestamp", (q) => q.eq("sessionId", view.sessionId).eq("timestamp", view.timestamp))
    .take(MAX_ENGAGEMENTS_PER_VIEW);
}

export function dimensionsOf(view: EventDimensions): EventDimensions {
  const { referrerHost, source, channel, utmSource, utmMedium, utmCampaign, device, browser, os, country, entryPath } = view;
  return { referrerHost, source, channel, utmSource, utmMedium, utmCampaign, device, browser, os, country, entryPath };
}

/**
 * The engaged time a visit's reports add up to so far (any path): what a view
 * first of its path in the visit stores, so that page's cells get the time
 * reported before it. Every report of the session from `visitStart` on belongs
 * to this visit, the session's latest. Past MAX_VISIT_ENGAGEMENTS reports the
 * sum is of the first ones read, a lower bound.
 */
async function visitEngagedSoFar(db: DatabaseReader, sessionId: string, visitStart: number): Promise<number> {
  const reports = await db
    .query("engagements")
    .withIndex("by_sessionId_and_timestamp", (q) => q.eq("sessionId", sessionId).gte("timestamp", visitStart))
    .take(MAX_VISIT_ENGAGEMENTS);
  return reports.reduce((sum, e) => sum + e.engagedMs, 0);
}

/**
 * The distinct paths `view`'s visit has viewed so far, its own first: the
 * pages whose cells a report on it adds to. With the view-side sum above, each
 * report counts once for each page of its visit, whichever was recorded first.
 * Past MAX_VISIT_PATHS paths or MAX_VISIT_VIEWS_READ views, later pages miss it.
 */
async function visitPathsOf(db: DatabaseReader, view: Doc<"pageViews">): Promise<string[] | undefined> {
  const { visitStart } = view;
  if (visitStart === undefined) return undefined;
  const views = await db
    .query("pageViews")
    .withIndex("by_sessionId_and_timestamp", (q) => q.eq("sessionId", view.sessionId).gte("timestamp", visitStart))
    .take(MAX_VISIT_VIEWS_READ);
  const paths = new Set([view.path]);
  for (const row of views) {
    // Views are in time order, so the first of a later visit ends this one.
    if (row.visitStart !== visitStart) break;
    if (paths.size >= MAX_VISIT_PATHS) break;
    paths.add(row.path);
  }
  return [...paths];
}

function isEntry(view: Doc<"pageViews">): boolean {
  return view.visitStart !== undefined && view.visitStart === view.timestamp;
}

/**
 * The fields a new view stores: its visit (a continuation inherits the
 * visit's source and entry page, as the landing URL and referrer describe the
 * visit) and the markers the rollup needs. `latest` is the session's newest
 * view, `lastOfPath` its newest view of this path.
 */
export async function visitFieldsOf(
  db: DatabaseReader,
  args: { path: string; now: number; context: VisitContext; ref?: string },
  latest: Doc<"pageViews"> | null,
  lastOfPath: Doc<"pageViews"> | null,
): Promise<EventDimensions & VisitMarkers> {
  const { path, now, context, ref } = args;
  const continues = latest !== null && now - latest.timestamp < VISIT_GAP_MS;
  const markers: VisitMarkers = { prevTs: latest?.timestamp, prevPathTs: lastOfPath?.timestamp };
  if (!continues) {
    return { ...context, ...sourceOf(context, ref), entryPath: path, ...markers, visitStart: now };
  }
  let clearsBounce = false;
  if (isEntry(latest)) {
    const engagements = await engagementsOfView(db, latest);
    clearsBounce = !engagements.some((e) => e.path === latest.path && e.clearsBounce);
  }
  const visitStart = latest.visitStart ?? latest.timestamp;
  // A page's cells count the whole visits that include it: its first view in the visit brings the time so far.
  const firstOfPath = lastOfPath === null || lastOfPath.timestamp < visitStart;
  const visitEngagedMs = firstOfPath ? await visitEngagedSoFar(db, latest.sessionId, visitStart) : 0;
  const inherited = dimensionsOf(latest);
  return {
    ...inherited,
    // Device and browser describe this view; the rest belongs to the visit.
    device: context.device ?? inherited.device,
    browser: context.browser ?? inherited.browser,
    os: context.os ?? inherited.os,
    country: context.country ?? inherited.country,
    entryPath: inherited.entryPath ?? latest.path,
    ...markers,
    visitStart,
    prevPath: latest.path,
    clearsBounce: clearsBounce || undefined,
    visitEngagedMs: visitEngagedMs > 0 ? visitEngagedMs : undefined,
  };
}

/** "5 min read" → 300,000 ms; null when the text carries no minutes. */
export function readTimeMs(readTime: string): number | null {
  const match = /(\d+(?:\.\d+)?)\s*min/i.exec(readTime);
  if (match === null) return null;
  const minutes = Number(match[1]);
  return minutes > 0 ? Math.round(minutes * 60_000) : null;
}

/** A reported scroll depth as stored: 0..1 in hundredths, or undefined when it is not one. */
export function scrollShare(reported: number | undefined): number | undefined {
  if (reported === undefined || !Number.isFinite(reported) || reported < 0 || reported > 1) return undefined;
  return Math.round(reported * 100) / 100;
}

/** What a report adds to its view's scroll depth: the rise over what its earlier reports added up to. */
function scrollFieldsOf(depth: number | undefined, earlier: Doc<"engagements">[]) {
  if (depth === undefined) return {};
  const reported = earlier.filter((e) => e.scrollDelta !== undefined);
  const seen = reported.reduce((sum, e) => sum + (e.scrollDelta ?? 0), 0);
  const scrollDelta = Math.max(0, Math.round((depth - seen) * 100) / 100);
  return reported.length === 0 ? { scrollDelta, scrollStarts: true } : { scrollDelta };
}

/**
 * The engagement event to insert for `engagedMs` more visible time on the
 * session's latest view of `path`, or null when there is no such view.
 */
export async function engagementOf(
  db: DatabaseReader,
  args: { sessionId: string; path: string; engagedMs: number; now: number; scrollDepth?: number },
): Promise<Omit<Doc<"engagements">, "_id" | "_creationTime" | "commitTs"> | null> {
  const { sessionId, path, engagedMs, now } = args;
  const view = await db
    .query("pageViews")
    .withIndex("by_sessionId_and_path", (q) => q.eq("sessionId", sessionId).eq("path", path))
    .order("desc")
    .first();
  if (view === null) return null;
  const earlier = (await engagementsOfView(db, view)).filter((e) => e.path === path);
  // Past the cap the sum is unknown, so nothing more can be credited safely.
  if (earlier.length >= MAX_ENGAGEMENTS_PER_VIEW) return null;
  const before = earlier.reduce((sum, e) => sum + e.engagedMs, 0);
  // A view's engaged time never exceeds the time since it, nor MAX_VIEW_ENGAGED_MS,
  // whatever its client reports: one tab cannot move the averages at will.
  const allowed = Math.min(now - view.timestamp, MAX_VIEW_ENGAGED_MS) - before;
  const credited = Math.max(0, Math.min(engagedMs, allowed));
  const scroll = scrollFieldsOf(args.scrollDepth, earlier);
  // A quick reader's last report may find no time left to credit; how far they got still counts.
  if (credited === 0 && !(scroll.scrollDelta !== undefined && scroll.scrollDelta > 0)) return null;
  const after = before + credited;

  let clearsBounce = false;
  if (isEntry(view) && before < BOUNCE_ENGAGED_MS && after >= BOUNCE_ENGAGED_MS) {
    // A second view already made this visit no bounce.
    const latest = await latestViewOfSession(db, sessionId);
    clearsBounce = latest !== null && latest._id === view._id;
  }
  let completes = false;
  if (view.pageType === "blog") {
    const generation = await liveGeneration(db);
    const post = await db
      .query("posts")
      .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", path.slice(1)))
      .first();
    const needed = post === null ? null : readTimeMs(post.readTime);
    completes = needed !== null && before < needed && after >= needed;
  }
  const visitPaths = await visitPathsOf(db, view);
  return {
    path,
    sessionId,
    timestamp: view.timestamp,
    sentAt: now,
    engagedMs: credited,
    visitStart: view.visitStart,
    clearsBounce,
    completes,
    ...scroll,
    ...(visitPaths === undefined ? {} : { visitPaths }),
    ...dimensionsOf(view),
  };
}
