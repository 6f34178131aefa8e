// From per-bucket counts to what the dashboard shows: headline figures, chart
// points and panel rows with their labels. Pure; the second dot keeps it from
// being a Convex module.
import { MAX_BREAKDOWN_ROWS } from "./constants";
import { emptyRow, addRow, type BucketAcc } from "./dashboard.fold";
import type { BreakdownRow, Headline, RollupRow, SeriesPoint, StatsDimension } from "./validators";


/** One value's rows over several buckets, added up (visitors are counted apart, from sets). */
export function sumRows(buckets: BucketAcc[], value = ""): RollupRow {
  const total = emptyRow(value);
  for (const acc of buckets) {
    const row = acc.rows.get(value);
    if (row !== undefined) addRow(total, row);
  }
  return total;
}

/** The engaged time of a row's visits: a page's is the whole visits' that include it, not the time on the page. */
export function visitTimeOf(row: RollupRow): number {
  return row.visitEngagedMs ?? row.engagedMs;
}

/**
 * Headline figures of one row: a bucket total or one value's (what a filter
 * on it shows). Visits and their views, bounces and engaged time all count in
 * the bucket where the visit started, so a range with views has their visits.
 */
export function headlineOf(total: RollupRow, visitors: number): Headline {
  const { views, visits } = total;
  return {
    visitors,
    visits,
    views,
    viewsPerVisit: visits === 0 ? 0 : views / visits,
    bounceRate: visits === 0 ? 0 : Math.max(0, visits - total.nonBounces) / visits,
    visitDurationMs: visits === 0 ? 0 : visitTimeOf(total) / visits,
  };
}

/** A chart point from one row's counts (zeros when the bucket has none). */
export function pointOf(start: number, row: RollupRow | undefined, visitors: number): SeriesPoint {
  const visits = row?.visits ?? 0;
  return {
    start,
    visitors,
    views: row?.views ?? 0,
    visits,
    bounces: Math.max(0, visits - (row?.nonBounces ?? 0)),
    engagedMs: row === undefined ? 0 : visitTimeOf(row),
  };
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

/** Every value's counts over the span's buckets, added up. */
export function mergedRows(buckets: BucketAcc[]): Map<string, RollupRow> {
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
  return merged;
}

/** Entry rows show visits that started on the page, exit rows visits that ended on it. */
export function shownViews(dimension: StatsDimension, row: RollupRow): number {
  if (dimension === "entry") return row.visits;
  if (dimension === "exit") return Math.max(0, row.views - row.continued);
  return row.views;
}

/** The rows a panel shows, most viewed first, before their visitors are counted. */
export function topRows(dimension: StatsDimension, merged: Map<string, RollupRow>): { rows: RollupRow[]; truncated: boolean } {
  const rows = [...merged.values()].filter((row) => shownViews(dimension, row) > 0);
  rows.sort((a, b) => shownViews(dimension, b) - shownViews(dimension, a) || a.value.localeCompare(b.value));
  return { rows: rows.slice(0, MAX_BREAKDOWN_ROWS), truncated: rows.length > MAX_BREAKDOWN_ROWS };
}

/** Dimensions whose panel rows show distinct visitors (entry and exit rows show visits). */
export const counted = (dimension: StatsDimension) => dimension !== "entry" && dimension !== "exit";

/**
 * The rows whose visitors decide a panel's first `limit` rows, with those
 * visitors. `top` comes most viewed first, and a row has no more distinct
 * visitors than views: once `limit` counted rows each have more visitors than
 * the next row's views, no later row can sort before them, so their sets are
 * never read. `count` answers undefined for a row it could not count (the
 * read budget), which then ranks by its summed per-bucket visitors.
 */
export async function rowsToShow(
  dimension: StatsDimension,
  top: readonly RollupRow[],
  limit: number,
  count: (row: RollupRow) => Promise<number | undefined>,
): Promise<{ rows: RollupRow[]; visitors: Map<string, number> }> {
  const visitors = new Map<string, number>();
  if (!counted(dimension)) return { rows: top.slice(0, limit), visitors };
  const rows: RollupRow[] = [];
  const distinct: number[] = [];
  for (const row of top) {
    if (rows.length >= limit && distinct[limit - 1]! > shownViews(dimension, row)) break;
    const n = await count(row);
    if (n !== undefined) visitors.set(row.value, n);
    distinct.push(n ?? row.visitors);
    distinct.sort((a, b) => b - a);
    rows.push(row);
  }
  return { rows, visitors };
}

/** A row's visitors as its panel shows them: entry and exit rows show visits. */
function shownVisitors(dimension: StatsDimension, row: RollupRow, visitors: Map<string, number>): number {
  return counted(dimension) ? (visitors.get(row.value) ?? row.visitors) : shownViews(dimension, row);
}

/**
 * The first `limit` rows in the panel's order (most visitors, then views,
 * then value): the rows a query answers, and so the only ones it labels.
 * `visitors` holds each row's distinct visitors over the span.
 */
export function firstRows(dimension: StatsDimension, top: readonly RollupRow[], visitors: Map<string, number>, limit: number): RollupRow[] {
  return top
    .map((row) => ({ row, visitors: shownVisitors(dimension, row, visitors), views: shownViews(dimension, row) }))
    .sort((a, b) => b.visitors - a.visitors || b.views - a.views || a.row.value.localeCompare(b.row.value))
    .slice(0, limit)
    .map(({ row }) => row);
}

/** Panel rows, in the order given (firstRows'), labelled from `pages` (pageLabels in dashboard.labels.ts). */
export function breakdownOf(
  dimension: StatsDimension,
  rows: readonly RollupRow[],
  visitors: Map<string, number>,
  pages: Map<string, PageInfo>,
): BreakdownRow[] {
  return rows.map((row) => {
    const views = shownViews(dimension, row);
    const distinct = shownVisitors(dimension, row, visitors);
    const isPage = dimension === "page";
    const page = pages.get(row.value);
    return {
      value: row.value,
      label: labelOf(dimension, row.value, pages),
      visitors: distinct,
      views,
      engagedMs: isPage && distinct > 0 ? row.engagedMs / distinct : null,
      completion: isPage && page?.readTime === true && distinct > 0 ? Math.min(1, row.completions / distinct) : null,
      ...(isPage && row.scrollViews ? { scroll: Math.min(1, (row.scrollSum ?? 0) / row.scrollViews) } : {}),
    };
  });
}
