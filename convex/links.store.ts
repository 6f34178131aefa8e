// The link rollup's writes: one document per kind, day, key and origin, so a
// popular link costs one document a day however often it is clicked. Visitor
// hashes (32-bit, of the session id; never the id) ride in the document up to
// MAX_LINK_VISITORS, so visitors stay distinct across a range.
// Imported by links.ts and stats.ts; the second dot keeps it from being a Convex module.
import type { Doc } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { MAX_LINK_VISITORS } from "./constants";
import { siteTimeZone } from "./dashboard.access";
import { visitorHash } from "./dashboard.hll";
import { bucketStart } from "./dashboard.time";
import type { EventDimensions, LinkFromKind, LinkKind, VisitMarkers } from "./validators";

export type LinkEvent = { kind: LinkKind; key: string; host: string; from: string; fromKind: LinkFromKind; sessionId: string | null };

export function hashesOf(doc: Pick<Doc<"linkDays">, "hashes">): Uint32Array {
  return doc.hashes === undefined ? new Uint32Array(0) : new Uint32Array(doc.hashes.slice(0));
}

/** Adds one event to its day's document. Concurrent clicks on one link conflict and are retried by Convex, never lost. */
export async function countLinkEvent(ctx: MutationCtx, event: LinkEvent, now: number): Promise<void> {
  const day = bucketStart("day", now, siteTimeZone());
  const { kind, key, host, from, fromKind, sessionId } = event;
  const doc = await ctx.db
    .query("linkDays")
    .withIndex("by_kind_and_key_and_from_and_day", (q) => q.eq("kind", kind).eq("key", key).eq("from", from).eq("day", day))
    .unique();
  const hashes = doc === null ? new Uint32Array(0) : hashesOf(doc);
  let next: Uint32Array | null = null;
  let full = doc?.visitorsFull ?? false;
  if (sessionId !== null && !full) {
    const hash = visitorHash(sessionId);
    if (!hashes.includes(hash)) {
      if (hashes.length >= MAX_LINK_VISITORS) full = true;
      else next = Uint32Array.from([...hashes, hash]);
    }
  }
  if (doc === null) {
    await ctx.db.insert("linkDays", {
      kind, day, key, host, from, fromKind, count: 1,
      ...(next === null ? {} : { hashes: next.buffer as ArrayBuffer }),
      visitorsFull: full,
    });
    return;
  }
  await ctx.db.patch("linkDays", doc._id, {
    count: doc.count + 1,
    ...(next === null ? {} : { hashes: next.buffer as ArrayBuffer }),
    visitorsFull: full,
  });
}

/**
 * Counts the event in its day's document and keeps it with its visit's
 * context (`path`: where it happened; `dims`: the visit's source, device,
 * country…), which filtered panels read. The context document holds the
 * session id's hash, never the id.
 */
export async function recordLinkEvent(ctx: MutationCtx, event: LinkEvent, at: { path: string; dims: EventDimensions }, now: number): Promise<void> {
  await countLinkEvent(ctx, event, now);
  const { kind, key, host, from, fromKind, sessionId } = event;
  await ctx.db.insert("linkEvents", {
    kind, key, host, from, fromKind,
    path: at.path,
    timestamp: now,
    ...(sessionId === null ? {} : { visitor: visitorHash(sessionId) }),
    ...at.dims,
  });
}

/**
 * A view of a missing path as a link event. It came from the page before it
 * in the same visit (a broken link on the site: that page holds it), else from
 * the visit's source (another site linking to it), else from nowhere known.
 */
export function missingPageEvent(path: string, sessionId: string, fields: EventDimensions & VisitMarkers): LinkEvent {
  const origin: Pick<LinkEvent, "from" | "fromKind"> =
    fields.prevPath !== undefined
      ? { from: fields.prevPath, fromKind: "page" }
      : fields.source !== undefined
        ? { from: fields.source, fromKind: "source" }
        : { from: "", fromKind: "none" };
  return { kind: "notFound", key: path, host: "", ...origin, sessionId };
}
