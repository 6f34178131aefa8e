// From per-bucket counts to what the dashboard shows: headline figures, chart
// points and panel rows with their labels. Pure; the second dot keeps it from
// being a Convex module.
import { emptyRow, addRow, type BucketAcc } from "./dashboard.fold";
import { emptySketch, estimate, mergeInto } from "./dashboard.hll";
import type { BreakdownRow, Headline, RollupRow, SeriesPoint, StatsDimension } from "./validators";

export const MAX_BREAKDOWN_ROWS = 100;

function sumTotal(buckets: BucketAcc[]): RollupRow {
  const total = emptyRow("");
  for (const acc of buckets) {
    const row = acc.rows.get("");
    if (row !== undefined) addRow(total, row);
  }
  return total;
}

export type VisitorCount = "bucket" | "sketch" | "allTime";

/**
 * Headline figures of "total" buckets. Visitors: within one bucket, its exact
 * count; over several, the merged sketches' estimate; over all time, the exact
 * number of first views ever.
 */
export function headlineOf(buckets: BucketAcc[], visitors: VisitorCount): Headline {
  const total = sumTotal(buckets);
  let visitorCount = total.visitors;
  if (visitors === "allTime") visitorCount = total.newVisitors;
  else if (visitors === "sketch" && buckets.length > 1) {
    const merged = emptySketch();
    for (const acc of buckets) if (acc.sketch !== null) mergeInto(merged, acc.sketch);
    visitorCount = estimate(merged);
  }
  const { views, visits } = total;
  return {
    visitors: visitorCount,
    visits,
    views,
    viewsPerVisit: visits === 0 ? 0 : views / visits,
    bounceRate: visits === 0 ? 0 : Math.max(0, visits - total.nonBounces) / visits,
    visitDurationMs: visits === 0 ? 0 : total.engagedMs / visits,
  };
}

/** One point per bucket start, zeros included. */
export function pointsOf(starts: number[], buckets: BucketAcc[]): SeriesPoint[] {
  const byStart = new Map(buckets.map((acc) => [acc.start, acc.rows.get("")]));
  return starts.map((start) => {
    const row = byStart.get(start);
    return { start, visitors: row?.visitors ?? 0, views: row?.views ?? 0 };
  });
}

export type PageInfo = { title: string; readTime: boolean };

const DEVICE_LABELS: Record<string, string> = { mobile: "Mobile", tablet: "Tablet", laptop: "Laptop", desktop: "Desktop" };

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** What a missing value means: no referrer is Direct, no UTM tag is none, anything else was not known. */
function emptyLabel(dimension: StatsDimension): string {
  if (dimension === "source" || dimension === "channel" || dimension === "sourceHost") return "Direct";
  if (dimension === "utmSource" || dimension === "utmMedium" || dimension === "utmCampaign") return "(none)";
  return "Unknown";
}

export function labelOf(dimension: StatsDimension, value: string, pages: Map<string, PageInfo>): string {
  if (value === "") return emptyLabel(dimension);
  switch (dimension) {
    case "page":
    case "entry":
    case "exit":
      return pages.get(value)?.title ?? value;
    case "device":
      return DEVICE_LABELS[value] ?? value;
    case "country":
      return countryName(value);
    default:
      return value;
  }
}

/**
 * Panel rows over every bucket of the span. Visitors add up per bucket, so
 * over several buckets a visitor who came back in another one counts again
 * (see prds/stats.md). Entry rows count visits that started on the page, exit
 * rows visits that ended on it.
 */
export function breakdownOf(
  dimension: StatsDimension,
  buckets: BucketAcc[],
  pages: Map<string, PageInfo>,
): { rows: BreakdownRow[]; truncated: boolean } {
  const merged = new Map<string, RollupRow>();
  for (const acc of buckets) {
    for (const row of acc.rows.values()) {
      let into = merged.get(row.value);
      if (into === undefined) {
        into = emptyRow(row.value);
        merged.set(row.value, into);
      }
      addRow(into, row);
    }
  }
  const rows: BreakdownRow[] = [];
  for (const row of merged.values()) {
    let { views, visitors } = row;
    if (dimension === "entry") visitors = views = row.visits;
    if (dimension === "exit") visitors = views = Math.max(0, row.views - row.continued);
    if (views === 0) continue;
    const isPage = dimension === "page";
    const page = pages.get(row.value);
    rows.push({
      value: row.value,
      label: labelOf(dimension, row.value, pages),
      visitors,
      views,
      engagedMs: isPage && visitors > 0 ? row.engagedMs / visitors : null,
      completion: isPage && page?.readTime === true && visitors > 0 ? Math.min(1, row.completions / visitors) : null,
    });
  }
  rows.sort((a, b) => b.visitors - a.visitors || b.views - a.views || a.value.localeCompare(b.value));
  return { rows: rows.slice(0, MAX_BREAKDOWN_ROWS), truncated: rows.length > MAX_BREAKDOWN_ROWS };
}
