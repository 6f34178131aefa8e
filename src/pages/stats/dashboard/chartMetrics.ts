import type { ChartMetric } from "./chartParams";
import { niceMax } from "./chartScale";
import { formatCount, formatDecimal, formatDuration, formatPercent } from "./format";
import type { DashboardSeries } from "./types";

type Point = DashboardSeries["points"][number];

export interface MetricSpec {
  /** "Visitors", "Bounce rate": the chart's title and legend. */
  label: string;
  /** The value for one bucket; null for a rate of a bucket with no visits (nothing to divide). */
  value: (point: Point) => number | null;
  format: (value: number) => string;
  /** The top of the axis for this largest value, and the gridlines under it. */
  scale: (max: number) => { top: number; ticks: number[] };
}

const perVisit = (n: (p: Point) => number) => (p: Point) => (p.visits === 0 ? null : n(p) / p.visits);

/** Counts: round tops, whole-number gridlines only (a count has no 0.5). */
const countScale = (max: number) => {
  const top = niceMax(max);
  return { top, ticks: [0, top / 2, top].filter(Number.isInteger) };
};

export const METRIC_SPECS: Record<ChartMetric, MetricSpec> = {
  visitors: { label: "Visitors", value: (p) => p.visitors, format: formatCount, scale: countScale },
  visits: { label: "Visits", value: (p) => p.visits, format: formatCount, scale: countScale },
  views: { label: "Views", value: (p) => p.views, format: formatCount, scale: countScale },
  viewsPerVisit: {
    label: "Views per visit",
    value: perVisit((p) => p.views),
    format: formatDecimal,
    scale: (max) => {
      const top = niceMax(Math.max(max, 1));
      return { top, ticks: [0, top / 2, top] };
    },
  },
  bounceRate: {
    label: "Bounce rate",
    value: perVisit((p) => p.bounces),
    format: formatPercent,
    scale: (max) => {
      const top = Math.min(1, niceMax(Math.max(max, 0.01) * 100) / 100);
      return { top, ticks: [0, top / 2, top] };
    },
  },
  visitDurationMs: {
    label: "Visit duration",
    value: perVisit((p) => p.engagedMs),
    format: formatDuration,
    scale: (max) => {
      // Whole seconds, then whole minutes: gridlines read "30s", "1m 00s".
      const seconds = max / 1000;
      const top = seconds <= 60 ? niceMax(Math.max(seconds, 10)) : niceMax(seconds / 60) * 60;
      return { top: top * 1000, ticks: [0, (top * 1000) / 2, top * 1000] };
    },
  },
};

/** The drawn runs of a line: a bucket without a value (a rate with no visits) breaks it. */
export function segments(values: ReadonlyArray<number | null>): Array<Array<{ index: number; value: number }>> {
  const runs: Array<Array<{ index: number; value: number }>> = [];
  let current: Array<{ index: number; value: number }> = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (current.length > 0) runs.push(current);
      current = [];
    } else current.push({ index, value });
  });
  if (current.length > 0) runs.push(current);
  return runs;
}
