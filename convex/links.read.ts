// Reading the link rollup for a dashboard range. Reads are bounded by the
// number of documents (kind × day × key × origin), never by the number of
// events: at most MAX_LINK_DOCS, newest days first.
// Imported by links.ts and goals.ts; the second dot keeps it from being a Convex module.
import { ConvexError } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import type { DatabaseReader } from "./_generated/server";
import { MAX_LINK_DOCS } from "./constants";
import { checkAccess, siteTimeZone } from "./dashboard.access";
import { argsSpan } from "./dashboard.interval";
import type { Span } from "./dashboard.range";
import { readState } from "./dashboard.rollup";
import { bucketStart } from "./dashboard.time";
import type { CustomRange, LinkKind, StatsFilter, StatsRange } from "./validators";

export type RangeArgs = { range: StatsRange; anchor: number; filters: StatsFilter[]; key?: string; custom?: CustomRange };

export async function linkSpan(db: DatabaseReader, args: RangeArgs): Promise<Span> {
  checkAccess(args.key);
  if (!Number.isSafeInteger(args.anchor) || args.anchor <= 0) {
    throw new ConvexError("anchor must be a positive integer number of milliseconds");
  }
  const state = await readState(db);
  return argsSpan(args, siteTimeZone(), state?.firstView ?? null);
}

/**
 * The documents of `kind` whose day overlaps the span. Days are the finest
 * bucket, so an hour range (today, 24 hours) reads the whole days it touches.
 */
export async function linkDaysIn(
  db: DatabaseReader,
  kind: LinkKind,
  span: Span,
): Promise<{ docs: Doc<"linkDays">[]; truncated: boolean }> {
  const first = bucketStart("day", span.start, siteTimeZone());
  const docs = await db
    .query("linkDays")
    .withIndex("by_kind_and_day", (q) => q.eq("kind", kind).gte("day", first).lt("day", span.end))
    .order("desc")
    .take(MAX_LINK_DOCS);
  return { docs, truncated: docs.length === MAX_LINK_DOCS };
}
