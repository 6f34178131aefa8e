import type { DashboardSeries } from "./types";

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value`, so gridlines fall on round numbers. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/** Gridlines at 0, half and the top, but only at whole numbers: counts have no 0.5. */
export function chartTicks(max: number): number[] {
  return [0, max / 2, max].filter(Number.isInteger);
}

/**
 * The series without buckets that have not started yet: "Today" at 10:00 ends
 * at the 10:00 bucket instead of drawing 11:00-23:00 as zeros, and so does its CSV.
 */
export function pastOnly(series: DashboardSeries, now: number): DashboardSeries {
  const points = series.points.filter((p) => p.start <= now);
  return points.length === series.points.length ? series : { ...series, points };
}

const FORMATS: Record<DashboardSeries["granularity"], Intl.DateTimeFormatOptions> = {
  hour: { weekday: "short", hour: "numeric", minute: "2-digit" },
  day: { weekday: "short", month: "short", day: "numeric" },
  week: { month: "short", day: "numeric" },
  month: { month: "short", year: "numeric" },
};

/** Labels buckets in the site's time zone, where their boundaries are; UTC if the browser does not know it. */
export function bucketLabeller(
  granularity: DashboardSeries["granularity"],
  timeZone: string,
): (start: number) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(undefined, { ...FORMATS[granularity], timeZone });
  } catch {
    format = new Intl.DateTimeFormat(undefined, { ...FORMATS[granularity], timeZone: "UTC" });
  }
  if (granularity === "week") return (start) => `Week of ${format.format(start)}`;
  return (start) => format.format(start);
}

/** The bucket each published post falls in: the last bucket starting at or before it. */
export function publishedByBucket(series: DashboardSeries): Map<number, string[]> {
  const byIndex = new Map<number, string[]>();
  for (const post of series.published) {
    let index = -1;
    for (let i = 0; i < series.points.length && series.points[i]!.start <= post.start; i++) index = i;
    if (index < 0) continue;
    byIndex.set(index, [...(byIndex.get(index) ?? []), post.title]);
  }
  return byIndex;
}
