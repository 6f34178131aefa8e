import type { StatsDimension, StatsRange } from "../../../../convex/validators";
import { toCsv } from "./csv";
import type { EstimateFlags } from "./Estimate";
import { DIMENSION_LABELS } from "./params";
import type { BreakdownRow, DashboardSeries } from "./types";

const PAGE_LIKE: ReadonlySet<StatsDimension> = new Set(["page", "entry", "exit"]);

const NO_ESTIMATE: EstimateFlags = { visitorsApproximate: false, sampleVisits: null };

/** A column's name, marked when its figures are estimates: "visitors (≈ within 2%)", "views (≈ sample of 1,000 visits)". */
function column(name: string, flags: EstimateFlags, visitors = false): string {
  if (flags.sampleVisits !== null) return `${name} (≈ sample of ${flags.sampleVisits} visits)`;
  return visitors && flags.visitorsApproximate ? `${name} (≈ within 2%)` : name;
}

export function breakdownCsv(dimension: StatsDimension, rows: readonly BreakdownRow[], flags: EstimateFlags = NO_ESTIMATE): string {
  const withEngagement = dimension === "page";
  const header = [DIMENSION_LABELS[dimension], PAGE_LIKE.has(dimension) ? "path" : "value", column("visitors", flags, true), column("views", flags)];
  if (withEngagement) header.push(column("avg engaged seconds", flags), column("read completion", flags), column("scroll depth", flags));
  return toCsv(
    header,
    rows.map((row) => {
      const cells = [row.label, row.value, row.visitors, row.views];
      if (!withEngagement) return cells;
      const seconds = row.engagedMs === null ? null : Math.round(row.engagedMs / 1000);
      return [...cells, seconds, row.completion, row.scroll ?? null];
    }),
  );
}

export function seriesCsv(series: DashboardSeries): string {
  return toCsv(
    [`${series.granularity} start (UTC)`, column("visitors", series, true), column("views", series)],
    series.points.map((p) => [new Date(p.start).toISOString(), p.visitors, p.views]),
  );
}

export function csvFilename(what: string, range: StatsRange): string {
  return `stats-${what}-${range}.csv`;
}
