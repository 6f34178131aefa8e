// The chart's buckets for a chosen interval, custom ranges and the periods
// compared with. Pure; the second dot keeps it from being a Convex module.
import { ConvexError } from "convex/values";
import { readPeriod, spanOf, type Span } from "./dashboard.range";
import { addBuckets, bucketStart, dayStartOf, shiftYears, weekdayOf } from "./dashboard.time";
import type { ChartInterval, CompareWith, CustomRange, Granularity, StatsRange } from "./validators";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Hour rollups are kept this long (HOUR_RETENTION_MS in dashboard.rollup.ts). */
export const HOUR_KEPT_MS = 7 * DAY_MS;
/** Day and week charts read day documents; the read caps them (MAX_BUCKET_DOCS). */
const MAX_DAY_BUCKETS = 400;

export const INTERVALS: readonly ChartInterval[] = ["hour", "day", "week", "month"];

/** One chart point: its part of the span, and the rollup period it is read from. */
export type ChartGroup = { start: number; end: number; period: Granularity };

function days(span: Pick<Span, "start" | "end">): number {
  return Math.round((span.end - span.start) / DAY_MS);
}

/** Hours can be charted while their rollups are still kept. */
export function hoursKept(span: Pick<Span, "start">, anchor: number): boolean {
  return span.start >= anchor + HOUR_MS - HOUR_KEPT_MS;
}

/**
 * Intervals a span can be charted in: hours up to 7 days (while kept), days
 * and weeks up to 400 days, weeks and months once there are two of them.
 */
export function intervalsFor(span: Pick<Span, "start" | "end">, anchor: number): ChartInterval[] {
  const n = days(span);
  const hour = n <= 7 && hoursKept(span, anchor);
  const allowed: ChartInterval[] = [];
  if (hour) allowed.push("hour");
  if (n <= MAX_DAY_BUCKETS && (n >= 2 || !hour)) allowed.push("day");
  if (n >= 14 && n <= MAX_DAY_BUCKETS) allowed.push("week");
  if (n >= 56) allowed.push("month");
  return allowed;
}

/** The interval asked for when the span allows it, else the range's own. */
export function chosenInterval(span: Span, anchor: number, asked: ChartInterval | undefined): { interval: ChartInterval; intervals: ChartInterval[] } {
  const intervals = intervalsFor(span, anchor);
  if (asked !== undefined && intervals.includes(asked)) return { interval: asked, intervals };
  const own: ChartInterval = span.granularity;
  return { interval: intervals.includes(own) ? own : intervals[0] ?? "day", intervals };
}

/** Start of the hour, day, week (Monday) or month containing `ts`. */
export function intervalStart(interval: ChartInterval, ts: number, timeZone: string): number {
  if (interval !== "week") return bucketStart(interval, ts, timeZone);
  const day = bucketStart("day", ts, timeZone);
  return addBuckets("day", day, -weekdayOf(day, timeZone), timeZone);
}

function nextStart(interval: ChartInterval, start: number, timeZone: string): number {
  if (interval === "week") return addBuckets("day", intervalStart("week", start, timeZone), 7, timeZone);
  return addBuckets(interval, bucketStart(interval, start, timeZone), 1, timeZone);
}

/**
 * The span cut at the interval's edges, the first and last cut to the span.
 * Each group is read from the coarsest rollup that tiles it: a whole month
 * from its month document, a week or a month's part from its days.
 */
export function chartGroups(interval: ChartInterval, span: Pick<Span, "start" | "end">, timeZone: string): ChartGroup[] {
  const groups: ChartGroup[] = [];
  for (let start = span.start; start < span.end; ) {
    const end = Math.min(span.end, nextStart(interval, start, timeZone));
    const period = interval === "hour" ? "hour" : readPeriod({ start, end }, timeZone);
    groups.push({ start, end, period });
    start = end;
  }
  return groups;
}

/** The group containing `ts` (the first or last one for a time outside them). */
export function groupOf(groups: ChartGroup[], ts: number): ChartGroup {
  let lo = 0;
  let hi = groups.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (groups[mid]!.start <= ts) lo = mid;
    else hi = mid - 1;
  }
  return groups[lo]!;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The earliest day a custom range may start: before any view this site can hold. */
export const EARLIEST_DAY = "2000-01-01";

function parseDay(text: string, name: string): [number, number, number] {
  const match = DATE.exec(text);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const check = new Date(Date.UTC(y, m - 1, d));
  if (!match || check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new ConvexError(`The ${name} date must be a real day written YYYY-MM-DD, not "${text.slice(0, 40)}"`);
  }
  return [y, m, d];
}

/** The site-zone day of `ts`, as YYYY-MM-DD. */
export function dayText(ts: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ts);
}

/** The span a dashboard query answers: its custom range when given, else its named range. */
export function argsSpan(
  args: { range: StatsRange; anchor: number; custom?: CustomRange },
  timeZone: string,
  firstView: number | null,
): Span {
  return args.custom === undefined ? spanOf(args.range, args.anchor, timeZone, firstView) : customSpan(args.custom, args.anchor, timeZone);
}

/** Whether the query's span is all time (first views then count the visitors). */
export function isAllTime(args: { range: StatsRange; custom?: CustomRange }): boolean {
  return args.custom === undefined && args.range === "all";
}

/**
 * A custom range's span: from the start of `from` to the end of `to` in the
 * site's zone. Rejects unreal days, an end before the start, days after
 * today (at `anchor`) and days before EARLIEST_DAY.
 */
export function customSpan({ from, to }: CustomRange, anchor: number, timeZone: string): Span {
  const start = parseDay(from, "start");
  const end = parseDay(to, "end");
  if (from < EARLIEST_DAY) throw new ConvexError(`The start date must be ${EARLIEST_DAY} or later`);
  if (to < from) throw new ConvexError("The end date must be on or after the start date");
  if (to > dayText(anchor, timeZone)) throw new ConvexError("The end date must not be in the future");
  const span = {
    start: dayStartOf(start[0], start[1], start[2], timeZone),
    end: addBuckets("day", dayStartOf(end[0], end[1], end[2], timeZone), 1, timeZone),
  };
  const n = days(span);
  const granularity: Granularity = n <= 2 && hoursKept(span, anchor) ? "hour" : n <= 92 ? "day" : "month";
  return { ...span, granularity };
}

/**
 * What a custom range compares with: as many days just before it. When it
 * ends today, only the part that has happened is compared (like "Today").
 */
export function previousCustom(span: Span, anchor: number, timeZone: string): Span {
  const n = days(span);
  const start = addBuckets("day", span.start, -n, timeZone);
  const happened = addBuckets("hour", bucketStart("hour", anchor, timeZone), 1, timeZone);
  if (happened >= span.end) return { start, end: span.start, granularity: span.granularity };
  return { start, end: Math.min(span.start, start + (happened - span.start)), granularity: span.granularity };
}

/** The same part of the calendar one year earlier. */
export function yearBefore(span: Span, timeZone: string): Span {
  return { start: shiftYears(span.start, -1, timeZone), end: shiftYears(span.end, -1, timeZone), granularity: span.granularity };
}

/**
 * The headline's comparison: the previous period (`previous`, as computed by
 * the range) or the same dates a year before, cut like it to what has happened.
 */
export function comparedSpan(compare: CompareWith, span: Span, previous: Span | null, timeZone: string): Span | null {
  if (compare === "none" || previous === null) return null;
  if (compare === "previous") return previous;
  const length = previous.end - previous.start;
  const full = yearBefore(span, timeZone);
  return { ...full, end: Math.min(full.end, full.start + length) };
}
