// The days a writer-insight panel covers (search terms, feed fetches): those
// stores keep one document per day, so a range reads whole days, each day whose
// span overlaps the range. Pure; the second dot keeps it from being a Convex module.
import { ConvexError } from "convex/values";
import { checkAccess, siteTimeZone } from "./dashboard.access";
import { spanOf } from "./dashboard.range";
import { bucketStart } from "./dashboard.time";
import type { StatsRange } from "./validators";

export type DayRange = { from: number; to: number };

/** The day `now` falls in, as the stores key it. */
export function dayOf(now: number): number {
  return bucketStart("day", now, siteTimeZone());
}

/** A day's start as YYYY-MM-DD in the site's time zone. */
export function dateOf(day: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: siteTimeZone(), year: "numeric", month: "2-digit", day: "2-digit" }).format(day);
}

/**
 * Of day documents read newest day first and cut at `cap`, the whole days: the
 * oldest day read may hold more documents than were read, so past the cap it
 * is left out (unless it is the only day read). `from` is the first day kept
 * when the read was cut, else null. A panel then shows the latest days of its
 * range, never its oldest ones, and says from when.
 */
export function newestWholeDays<T extends { day: number }>(newestFirst: T[], cap: number): { kept: T[]; from: number | null } {
  const oldest = newestFirst.at(-1);
  if (newestFirst.length < cap || oldest === undefined) return { kept: newestFirst, from: null };
  const kept = newestFirst[0]!.day > oldest.day ? newestFirst.filter((doc) => doc.day > oldest.day) : newestFirst;
  return { kept, from: kept.at(-1)!.day };
}

/** Checks access and the anchor as the dashboard does; filters do not apply to aggregate-only stores. */
export function daysOf({ range, anchor, key }: { range: StatsRange; anchor: number; key?: string }): DayRange {
  checkAccess(key);
  if (!Number.isSafeInteger(anchor) || anchor <= 0) {
    throw new ConvexError("anchor must be a positive integer number of milliseconds");
  }
  const timeZone = siteTimeZone();
  const span = spanOf(range, anchor, timeZone, null);
  // "all" starts at the first day anything was kept.
  return { from: range === "all" ? 0 : bucketStart("day", span.start, timeZone), to: span.end };
}
