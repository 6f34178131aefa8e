// What a view and an engagement event store for the dashboard: the visit
// context's checks, the visit a view belongs to, and the markers the rollup
// counts bounces and read completion from. Every read stays inside the calling
// session's own key prefix, so two sessions never conflict.
// Imported by stats.ts; the second dot keeps it from being a Convex module.
import { liveGeneration } from "./content.live";
import { ConvexError } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import type { DatabaseReader } from "./_generated/server";
import { checkPath, checkSessionId } from "./stats.input";
import type { EventDimensions, VisitContext, VisitMarkers } from "./validators";

/** A visit is a session's views with gaps under this. */
export const VISIT_GAP_MS = 30 * 60 * 1000;
/** A visit with one view and less engaged time than this is a bounce. */
export const BOUNCE_ENGAGED_MS = 10 * 1000;
/** One engagement report covers at most this much visible time. */
export const MAX_ENGAGED_MS = 4 * 60 * 60 * 1000;
/** Engagement reports read to sum a view's engaged time; past it, further reports add no markers. */
export const MAX_ENGAGEMENTS_PER_VIEW = 200;

const MAX_HOST_LENGTH = 253;
const MAX_UTM_LENGTH = 100;
const MAX_FAMILY_LENGTH = 40;
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;
const COUNTRY = /^[A-Z]{2}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function checkText(name: string, value: string | undefined, max: number): void {
  if (value === undefined) return;
  if (value.trim() === "" || value.trim() !== value) throw new ConvexError(`${name} must be non-empty and trimmed, or omitted`);
  if (value.length > max) throw new ConvexError(`${name} must be at most ${max} characters`);
  if (CONTROL_CHARS.test(value)) throw new ConvexError(`${name} must not contain control characters`);
}

/** Bad context throws a ConvexError naming the field; nothing is written. */
export function checkVisitContext(context: VisitContext): void {
  const { referrerHost, country } = context;
  if (referrerHost !== undefined && (referrerHost.length > MAX_HOST_LENGTH || !HOST.test(referrerHost))) {
    throw new ConvexError("referrerHost must be a lower-case host name (no scheme, path or query)");
  }
  checkText("utmSource", context.utmSource, MAX_UTM_LENGTH);
  checkText("utmMedium", context.utmMedium, MAX_UTM_LENGTH);
  checkText("utmCampaign", context.utmCampaign, MAX_UTM_LENGTH);
  checkText("browser", context.browser, MAX_FAMILY_LENGTH);
  checkText("os", context.os, MAX_FAMILY_LENGTH);
  if (country !== undefined && !COUNTRY.test(country)) {
    throw new ConvexError("country must be two upper-case letters (ISO 3166-1 alpha-2)");
  }
}

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

function engagementsOfView(db: DatabaseReader, view: Doc<"pageViews">) {
  return db
    .query("engagements")
    .withIndex("by_sessionId_and_timestamp", (q) => q.eq("sessionId", view.sessionId).eq("timestamp", view.timestamp))
    .take(MAX_ENGAGEMENTS_PER_VIEW);
}

export function dimensionsOf(view: Doc<"pageViews">): EventDimensions {
  const { referrerHost, utmSource, utmMedium, utmCampaign, device, browser, os, country, entryPath } = view;
  return { referrerHost, utmSource, utmMedium, utmCampaign, device, browser, os, country, entryPath };
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
  args: { path: string; now: number; context: VisitContext },
  latest: Doc<"pageViews"> | null,
  lastOfPath: Doc<"pageViews"> | null,
): Promise<EventDimensions & VisitMarkers> {
  const { path, now, context } = args;
  const continues = latest !== null && now - latest.timestamp < VISIT_GAP_MS;
  const markers: VisitMarkers = { prevTs: latest?.timestamp, prevPathTs: lastOfPath?.timestamp };
  if (!continues) {
    return { ...context, entryPath: path, ...markers, visitStart: now };
  }
  let clearsBounce = false;
  if (isEntry(latest)) {
    const engagements = await engagementsOfView(db, latest);
    clearsBounce = !engagements.some((e) => e.path === latest.path && e.clearsBounce);
  }
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
    visitStart: latest.visitStart ?? latest.timestamp,
    prevPath: latest.path,
    clearsBounce: clearsBounce || undefined,
  };
}

/** "5 min read" → 300,000 ms; null when the text carries no minutes. */
export function readTimeMs(readTime: string): number | null {
  const match = /(\d+(?:\.\d+)?)\s*min/i.exec(readTime);
  if (match === null) return null;
  const minutes = Number(match[1]);
  return minutes > 0 ? Math.round(minutes * 60_000) : null;
}

/**
 * The engagement event to insert for `engagedMs` more visible time on the
 * session's latest view of `path`, or null when there is no such view.
 */
export async function engagementOf(
  db: DatabaseReader,
  args: { sessionId: string; path: string; engagedMs: number; now: number },
): Promise<Omit<Doc<"engagements">, "_id" | "_creationTime" | "commitTs"> | null> {
  const { sessionId, path, engagedMs, now } = args;
  const view = await db
    .query("pageViews")
    .withIndex("by_sessionId_and_path", (q) => q.eq("sessionId", sessionId).eq("path", path))
    .order("desc")
    .first();
  if (view === null) return null;
  const earlier = (await engagementsOfView(db, view)).filter((e) => e.path === path);
  const before = earlier.reduce((sum, e) => sum + e.engagedMs, 0);
  const after = before + engagedMs;
  const saturated = earlier.length >= MAX_ENGAGEMENTS_PER_VIEW;

  let clearsBounce = false;
  if (!saturated && isEntry(view) && before < BOUNCE_ENGAGED_MS && after >= BOUNCE_ENGAGED_MS) {
    // A second view already made this visit no bounce.
    const latest = await latestViewOfSession(db, sessionId);
    clearsBounce = latest !== null && latest._id === view._id;
  }
  let completes = false;
  if (!saturated && view.pageType === "blog") {
    const generation = await liveGeneration(db);
    const post = await db
      .query("posts")
      .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", path.slice(1)))
      .first();
    const needed = post === null ? null : readTimeMs(post.readTime);
    completes = needed !== null && before < needed && after >= needed;
  }
  return {
    path,
    sessionId,
    timestamp: view.timestamp,
    sentAt: now,
    engagedMs,
    visitStart: view.visitStart,
    clearsBounce,
    completes,
    ...dimensionsOf(view),
  };
}
