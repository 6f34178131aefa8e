import { addBuckets } from "../../../../convex/dashboard.time";
import { downloadCsv } from "./csv";
import type { CustomRange, StatsFilter, StatsRange } from "../../../../convex/validators";
import type { EstimateFlags } from "./Estimate";
import { filterValueLabel } from "./labels";
import { DIMENSION_LABELS, RANGES } from "./params";
import type { DashboardSeries } from "./types";

/** What every file of one view says about itself: the range, its dates in the site's zone, the filters. */
export interface CsvContext {
  /** "custom" when chosen days replace the named range (the select's value then says nothing about the file). */
  range: StatsRange | "custom";
  /** First and last day covered, YYYY-MM-DD in `timeZone`; the last is today when the range runs to now. */
  from: string;
  to: string;
  timeZone: string;
  filters: readonly StatsFilter[];
}

function isoDay(ts: number, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ts);
}

/** The range's days, read from the chart's buckets (the server's span), cut at now. */
export function csvContextOf(
  range: StatsRange,
  filters: readonly StatsFilter[],
  series: Pick<DashboardSeries, "granularity" | "timeZone" | "points">,
  now: number,
  custom: CustomRange | null = null,
): CsvContext {
  const first = series.points[0]?.start ?? now;
  const last = series.points.at(-1)?.start ?? now;
  const next = series.granularity === "week" ? addBuckets("day", last, 7, series.timeZone) : addBuckets(series.granularity, last, 1, series.timeZone);
  const end = Math.min(now, next - 1);
  return { range: custom === null ? range : "custom", from: isoDay(first, series.timeZone), to: isoDay(Math.max(first, end), series.timeZone), timeZone: series.timeZone, filters };
}

/** Safe in a file name on every system: letters, digits, dots and dashes. */
function slug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[^\w.-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "none"
  );
}

/** "stats-countries-7d-2026-11-30_2026-12-06-country-DE.csv": a filtered export never has the unfiltered one's name. */
export function csvFilename(what: string, context: CsvContext, extension = "csv"): string {
  const filters = context.filters.map((f) => `-${f.dimension}-${slug(f.value === "" ? "none" : f.value)}`).join("");
  return `stats-${slug(what.toLowerCase())}-${context.range}-${context.from}_${context.to}${filters}.${extension}`;
}

const NO_ESTIMATE: EstimateFlags = { visitorsApproximate: false, sampleVisits: null };

/**
 * The file's first line, a comment a reader sees before the columns:
 * "# Countries · Last 7 days · 2026-11-30 to 2026-12-06 (Europe/Berlin) · Country: Germany".
 * Estimates are said here, so the columns keep the same names in every file.
 */
export function csvHeaderLine(what: string, context: CsvContext, flags: EstimateFlags = NO_ESTIMATE): string {
  const rangeLabel = context.range === "custom" ? "Custom range" : (RANGES.find((r) => r.value === context.range)?.label ?? context.range);
  const filters =
    context.filters.length === 0
      ? "no filters"
      : context.filters.map((f) => `${DIMENSION_LABELS[f.dimension]}: ${filterValueLabel(f.dimension, f.value)}`).join(", ");
  const estimate =
    flags.sampleVisits !== null
      ? ` · estimated from a sample of ${flags.sampleVisits} visits`
      : flags.visitorsApproximate
        ? " · visitors estimated (within 2%)"
        : "";
  const text = `# ${what} · ${rangeLabel} · ${context.from} to ${context.to} (${context.timeZone}) · ${filters}${estimate}`;
  return text.replace(/[\r\n]+/g, " ");
}

/**
 * Saves `body` as one list of this view: the name and first line say the range,
 * days, zone and the filters that list follows (`applied`; a list kept apart
 * from visits follows none), and how its figures are estimated, if they are.
 */
export function downloadInContext(what: string, context: CsvContext, body: string, applied: (f: StatsFilter) => boolean = () => true, estimate?: string): void {
  const own = { ...context, filters: context.filters.filter(applied) };
  const line = csvHeaderLine(what, own) + (estimate === undefined ? "" : ` · ${estimate.replace(/[\r\n]+/g, " ")}`);
  downloadCsv(csvFilename(what, own), `${line}\r\n${body}`);
}
