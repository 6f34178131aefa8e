import type { StatsDimension, StatsRange } from "../../../../convex/validators";
import { toCsv } from "./csv";
import { DIMENSION_LABELS } from "./params";
import type { BreakdownRow, DashboardSeries } from "./types";

const PAGE_LIKE: ReadonlySet<StatsDimension> = new Set(["page", "entry", "exit"]);

export function breakdownCsv(dimension: StatsDimension, rows: readonly BreakdownRow[]): string {
  const withEngagement = dimension === "page";
  const header = [DIMENSION_LABELS[dimension], PAGE_LIKE.has(dimension) ? "path" : "value", "visitors", "views"];
  if (withEngagement) header.push("avg engaged seconds", "read completion");
  return toCsv(
    header,
    rows.map((row) => {
      const cells = [row.label, row.value, row.visitors, row.views];
      if (!withEngagement) return cells;
      const seconds = row.engagedMs === null ? null : Math.round(row.engagedMs / 1000);
      return [...cells, seconds, row.completion];
    }),
  );
}

export function seriesCsv(series: DashboardSeries): string {
  return toCsv(
    [`${series.granularity} start (UTC)`, "visitors", "views"],
    series.points.map((p) => [new Date(p.start).toISOString(), p.visitors, p.views]),
  );
}

export function csvFilename(what: string, range: StatsRange): string {
  return `stats-${what}-${range}.csv`;
}
