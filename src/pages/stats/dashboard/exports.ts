import { offsetMs } from "../../../../convex/dashboard.time";
import type { StatsDimension } from "../../../../convex/validators";
import { METRIC_SPECS } from "./chartMetrics";
import { toCsv } from "./csv";
import { csvHeaderLine, type CsvContext } from "./csvContext";
import type { EstimateFlags } from "./Estimate";
import type { BreakdownRow, DashboardSeries } from "./types";

/** The same columns in every panel's file; engagement is empty where a panel has none. */
export const BREAKDOWN_COLUMNS = ["name", "value", "visitors", "views", "avg engaged seconds", "read completion", "scroll depth"] as const;
/** Every metric the chart can draw, per bucket; a rate is empty for a bucket with no visits. */
export const SERIES_COLUMNS = ["start", "visitors", "visits", "views", "views per visit", "bounce rate", "visit duration seconds"] as const;

/** `what` names the list ("Countries", "Top pages"); the first line says the range, days, zone, filters and estimates. */
export function breakdownCsv(
  what: string,
  dimension: StatsDimension,
  rows: readonly BreakdownRow[],
  context: CsvContext,
  flags?: EstimateFlags,
): string {
  const engagement = dimension === "page";
  return (
    csvHeaderLine(what, context, flags) +
    "\r\n" +
    toCsv(
      BREAKDOWN_COLUMNS,
      rows.map((row) => [
        row.label,
        row.value,
        row.visitors,
        row.views,
        engagement && row.engagedMs !== null ? Math.round(row.engagedMs / 1000) : null,
        engagement ? row.completion : null,
        engagement ? (row.scroll ?? null) : null,
      ]),
    )
  );
}

/** "2026-03-29T03:00:00+02:00": the bucket's start as the site's clock read it, with its offset. */
export function isoInZone(ts: number, timeZone: string): string {
  const offset = offsetMs(ts, timeZone);
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? "-" : "+";
  const zone = `${sign}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return new Date(ts + offset).toISOString().slice(0, 19) + zone;
}

/** Rounded to `digits` places, null kept: enough for a spreadsheet, no float noise (0.30000000000000004). */
function rounded(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The chart's buckets with every metric it can draw; the caller cuts them at now (pastOnly), like the line. */
export function seriesCsv(series: DashboardSeries, context: CsvContext): string {
  const { viewsPerVisit, bounceRate, visitDurationMs } = METRIC_SPECS;
  return (
    csvHeaderLine(`Traffic per ${series.granularity}`, context, series) +
    "\r\n" +
    toCsv(
      SERIES_COLUMNS,
      series.points.map((p) => {
        const duration = visitDurationMs.value(p);
        return [
          isoInZone(p.start, series.timeZone),
          p.visitors,
          p.visits,
          p.views,
          rounded(viewsPerVisit.value(p), 2),
          rounded(bounceRate.value(p), 4),
          duration === null ? null : Math.round(duration / 1000),
        ];
      }),
    )
  );
}
