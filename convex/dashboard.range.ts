// Which instants a range covers, in the site's time zone, and the period
// before it that the headline compares with. Pure; the second dot keeps it
// from being a Convex module.
import { addBuckets, bucketStart } from "./dashboard.time";
import type { Granularity, StatsRange } from "./validators";

export type Span = {
  start: number;
  /** Exclusive. */
  end: number;
  /** The chart's buckets: hourly up to 2 days, daily up to 92, monthly beyond. */
  granularity: Granularity;
};

const PERIODS: Granularity[] = ["month", "day", "hour"];

/** The coarsest buckets that tile the span exactly: what a query reads. */
export function readPeriod(span: Pick<Span, "start" | "end">, timeZone: string): Granularity {
  for (const period of PERIODS) {
    if (bucketStart(period, span.start, timeZone) === span.start && bucketStart(period, span.end, timeZone) === span.end) {
      return period;
    }
  }
  return "hour";
}

/** The range as the viewer at `anchor` (an hour start) sees it. `firstView` bounds "all". */
export function spanOf(range: StatsRange, anchor: number, timeZone: string, firstView: number | null): Span {
  const today = bucketStart("day", anchor, timeZone);
  const tomorrow = addBuckets("day", today, 1, timeZone);
  const month = bucketStart("month", anchor, timeZone);
  const nextMonth = addBuckets("month", month, 1, timeZone);
  switch (range) {
    case "today":
      return { start: today, end: tomorrow, granularity: "hour" };
    case "yesterday":
      return { start: addBuckets("day", today, -1, timeZone), end: today, granularity: "hour" };
    case "24h": {
      const end = addBuckets("hour", bucketStart("hour", anchor, timeZone), 1, timeZone);
      return { start: addBuckets("hour", end, -24, timeZone), end, granularity: "hour" };
    }
    case "7d":
      return { start: addBuckets("day", today, -6, timeZone), end: tomorrow, granularity: "day" };
    case "30d":
      return { start: addBuckets("day", today, -29, timeZone), end: tomorrow, granularity: "day" };
    case "month":
      return { start: month, end: nextMonth, granularity: "day" };
    case "12mo":
      return { start: addBuckets("month", month, -11, timeZone), end: nextMonth, granularity: "month" };
    case "all": {
      const first = bucketStart("month", Math.min(firstView ?? anchor, anchor), timeZone);
      return { start: first, end: nextMonth, granularity: "month" };
    }
  }
}

/**
 * The period the headline compares with: as long as the range, just before
 * it. For the ranges still under way (today, this month) only the part that
 * has happened is compared, with the same part of the period before.
 */
export function previousSpan(range: StatsRange, span: Span, anchor: number, timeZone: string): Span | null {
  const shift = (unit: Granularity, steps: number): Span => ({
    start: addBuckets(unit, span.start, -steps, timeZone),
    end: span.start,
    granularity: span.granularity,
  });
  switch (range) {
    case "today": {
      const elapsedHours = Math.round((addBuckets("hour", bucketStart("hour", anchor, timeZone), 1, timeZone) - span.start) / 3_600_000);
      const start = addBuckets("day", span.start, -1, timeZone);
      return { start, end: Math.min(span.start, addBuckets("hour", start, elapsedHours, timeZone)), granularity: "hour" };
    }
    case "month": {
      const today = bucketStart("day", anchor, timeZone);
      let elapsedDays = 0;
      for (let d = span.start; d <= today; d = addBuckets("day", d, 1, timeZone)) elapsedDays++;
      const start = addBuckets("month", span.start, -1, timeZone);
      return { start, end: Math.min(span.start, addBuckets("day", start, elapsedDays, timeZone)), granularity: "day" };
    }
    case "yesterday":
      return shift("day", 1);
    case "24h":
      return shift("hour", 24);
    case "7d":
      return shift("day", 7);
    case "30d":
      return shift("day", 30);
    case "12mo":
      return shift("month", 12);
    case "all":
      return null;
  }
}
