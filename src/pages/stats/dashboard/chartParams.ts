import type { ChartInterval, CompareWith, CustomRange } from "../../../../convex/validators";
import type { Headline } from "./types";

/** A headline figure the chart can draw. */
export type ChartMetric = keyof Headline;

export const METRICS: readonly ChartMetric[] = ["visitors", "visits", "views", "viewsPerVisit", "bounceRate", "visitDurationMs"];
export const DEFAULT_METRIC: ChartMetric = "visitors";

export const INTERVAL_LABELS: Record<ChartInterval, string> = { hour: "Hours", day: "Days", week: "Weeks", month: "Months" };
const INTERVALS = Object.keys(INTERVAL_LABELS) as ChartInterval[];

export const COMPARE_LABELS: Record<CompareWith, string> = {
  previous: "Previous period",
  year: "Same period last year",
  none: "No comparison",
};
const COMPARES = Object.keys(COMPARE_LABELS) as CompareWith[];
export const DEFAULT_COMPARE: CompareWith = "previous";

/** What the chart shows and which days, beside the range and filters (params.ts). */
export interface ChartParams {
  metric: ChartMetric;
  /** Null: the range's own. */
  interval: ChartInterval | null;
  compare: CompareWith;
  /** Null: the named range applies. */
  custom: CustomRange | null;
}

/** The URL parameters this module owns; a range change drops the custom days and the interval. */
export const CHART_KEYS = ["metric", "interval", "compare", "from", "to"] as const;

const pick = <T extends string>(options: readonly T[], value: string | null): T | null =>
  options.find((option) => option === value) ?? null;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseChartParams(search: URLSearchParams): ChartParams {
  const from = search.get("from");
  const to = search.get("to");
  return {
    metric: pick(METRICS, search.get("metric")) ?? DEFAULT_METRIC,
    interval: pick(INTERVALS, search.get("interval")),
    compare: pick(COMPARES, search.get("compare")) ?? DEFAULT_COMPARE,
    custom: from !== null && to !== null && DAY.test(from) && DAY.test(to) ? { from, to } : null,
  };
}

/** Writes the chart's parameters, omitting defaults and keeping everything else. */
export function writeChartParams(search: URLSearchParams, params: ChartParams): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const key of CHART_KEYS) next.delete(key);
  if (params.metric !== DEFAULT_METRIC) next.set("metric", params.metric);
  if (params.interval !== null) next.set("interval", params.interval);
  if (params.compare !== DEFAULT_COMPARE) next.set("compare", params.compare);
  if (params.custom !== null) {
    // A custom range replaces the named one.
    next.delete("range");
    next.set("from", params.custom.from);
    next.set("to", params.custom.to);
  }
  return next;
}

/** The site-zone day of `ts` as YYYY-MM-DD (what a date input holds). */
export function dayInZone(ts: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ts);
  } catch {
    return new Date(ts).toISOString().slice(0, 10);
  }
}

/**
 * Why a custom range cannot be shown, in words, or null when it can: the same
 * rules the server applies (convex/dashboard.interval.ts), checked first so the
 * form can say what is wrong next to the field.
 */
export function customRangeError({ from, to }: { from: string; to: string }, today: string): { field: "from" | "to"; message: string } | null {
  if (!DAY.test(from)) return { field: "from", message: "Enter a start date." };
  if (!DAY.test(to)) return { field: "to", message: "Enter an end date." };
  if (from < "2000-01-01") return { field: "from", message: "The start date must be 1 January 2000 or later." };
  if (from > today) return { field: "from", message: "The start date is in the future." };
  if (to > today) return { field: "to", message: "The end date is in the future: pick today or earlier." };
  if (to < from) return { field: "to", message: "The end date is before the start date." };
  return null;
}

/** "3 Mar – 9 Mar 2025", for the range picker and the chart's title. */
export function customLabel({ from, to }: CustomRange): string {
  const format = (day: string, year: boolean) =>
    new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { day: "numeric", month: "short", year: year ? "numeric" : undefined, timeZone: "UTC" });
  if (from === to) return format(from, true);
  return `${format(from, from.slice(0, 4) !== to.slice(0, 4))} – ${format(to, true)}`;
}
