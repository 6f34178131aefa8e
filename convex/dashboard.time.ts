// Calendar arithmetic in the site's time zone: where an hour, a day or a month
// starts. Pure; the second dot keeps it from being a Convex module.
import type { Granularity } from "./validators";

const HOUR_MS = 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a zone name Intl knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

type Wall = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClock(ts: number, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ts)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The zone's offset from UTC at `ts`, in ms (Berlin in summer: +7,200,000). */
export function offsetMs(ts: number, timeZone: string): number {
  const w = wallClock(ts, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ts - (((ts % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time occurs. When a DST change skips it, the first
 * instant after the gap; when it repeats, the earlier one.
 */
function instantOf(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour);
  let guess = asUtc - offsetMs(asUtc, timeZone);
  guess = asUtc - offsetMs(guess, timeZone);
  // Repeated wall time (autumn): prefer the earlier instant if it shows the same wall time.
  const earlier = guess - HOUR_MS;
  if (asUtc - offsetMs(earlier, timeZone) === earlier) return earlier;
  return guess;
}

/** Start of the hour, day or month that contains `ts`, in the zone. */
export function bucketStart(granularity: Granularity, ts: number, timeZone: string): number {
  if (granularity === "hour") {
    // Hours start where the wall clock shows :00, which for zones with a
    // half-hour offset is not a UTC hour.
    const off = offsetMs(ts, timeZone);
    return Math.floor((ts + off) / HOUR_MS) * HOUR_MS - off;
  }
  const w = wallClock(ts, timeZone);
  if (granularity === "day") return dayStartOf(w.year, w.month, w.day, timeZone);
  return dayStartOf(w.year, w.month, 1, timeZone);
}

/** Where the wall-clock day (month 1-12) begins in the zone. */
export function dayStartOf(year: number, month: number, day: number, timeZone: string): number {
  // Midnight itself may be skipped by a DST change (e.g. America/Santiago):
  // the day then starts at the first instant after the gap.
  const start = instantOf(year, month, day, 0, timeZone);
  const w = wallClock(start, timeZone);
  return w.day === day ? start : instantOf(year, month, day, 1, timeZone);
}

/** Start of the bucket `steps` buckets after (or before, if negative) the one starting at `start`. */
export function addBuckets(granularity: Granularity, start: number, steps: number, timeZone: string): number {
  if (granularity === "hour") return bucketStart("hour", start + steps * HOUR_MS, timeZone);
  const w = wallClock(start, timeZone);
  if (granularity === "day") {
    const d = new Date(Date.UTC(w.year, w.month - 1, w.day + steps));
    return dayStartOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
  }
  const d = new Date(Date.UTC(w.year, w.month - 1 + steps, 1));
  return dayStartOf(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, timeZone);
}

/** Starts of every bucket from the one containing `from` up to (excluding) `to`. */
export function bucketsBetween(granularity: Granularity, from: number, to: number, timeZone: string): number[] {
  const starts: number[] = [];
  for (let s = bucketStart(granularity, from, timeZone); s < to; s = addBuckets(granularity, s, 1, timeZone)) {
    starts.push(s);
  }
  return starts;
}

/** 0 = Monday ... 6 = Sunday, of the wall-clock day containing `ts`. */
export function weekdayOf(ts: number, timeZone: string): number {
  const w = wallClock(ts, timeZone);
  return (new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7;
}

/** The same wall-clock time `years` years later (Feb 29 becomes Feb 28). */
export function shiftYears(ts: number, years: number, timeZone: string): number {
  const w = wallClock(ts, timeZone);
  const last = new Date(Date.UTC(w.year + years, w.month, 0)).getUTCDate();
  return instantOf(w.year + years, w.month, Math.min(w.day, last), w.hour, timeZone);
}
