// What each dashboard query computes, by the filters it has:
// - none: bucket documents (counts) plus the tail; distinct visitors from the
//   visitor sets of the rows shown;
// - one (not an exit page): that value's cells, one small document per bucket,
//   and its visitor sets: exact at any size;
// - otherwise: the matching events, read whole visits at a time up to a cap;
//   past it, a sample of the latest whole visits scaled to the first filter's
//   exact total, and marked as an estimate with its size.
// A renamed post's old paths count as the post's path in every case
// (dashboard.renames.ts): rows add up, visitor sets are merged.
// Imported by dashboard.ts; the second dot keeps it from being a Convex module.
import type { DatabaseReader } from "./_generated/server";
import type { BucketAcc, Fold } from "./dashboard.fold";
import { emptyVisitors, mergeVisitors, SPARSE_MAX, type Visitors } from "./dashboard.hll";
import { readPeriod, type Span } from "./dashboard.range";
import {
  bucketsOf,
  foldRaw,
  MAX_VISITOR_DOCS,
  openMonthsOf,
  readBuckets,
  readCells,
  readFiltered,
  tailBuckets,
  tailFold,
  visitorsOf,
  visitorsPerBucket,
  wholeSpan,
  type FilteredEvents,
  type ReadFilter,
  type Source,
} from "./dashboard.read";
import { groupOf, type ChartGroup } from "./dashboard.interval";
import { pageLabels } from "./dashboard.labels";
import { breakdownOf, firstRows, headlineOf, mergedRows, pointOf, rowsToShow, sumRows, topRows, type PageInfo } from "./dashboard.report";
import { readSummary, readSummaryVisitors, summaryCovers } from "./dashboard.summary";
import { filtersWithOldPaths, PATH_DIMENSIONS, renameEvents, renamesOf, withPaths, withRenames } from "./dashboard.renames";
import { anyAliases } from "./stats.aliases";
import { Published } from "./stats.published";
import { addBuckets } from "./dashboard.time";
import type { BreakdownRow, Granularity, Headline, RollupDimension, RollupRow, SeriesPoint, StatsDimension, StatsFilter } from "./validators";

type Estimate = { visitorsApproximate: boolean; sampleVisits: number | null };

/** Folds of the tail, one per period, shared by a query's reads. */
export class Tails {
  private readonly folds = new Map<Granularity, Fold>();
  constructor(readonly source: Source) {}
  of(period: Granularity): Fold {
    let fold = this.folds.get(period);
    if (fold === undefined) {
      fold = tailFold(this.source, period);
      this.folds.set(period, fold);
    }
    return fold;
  }
}

/** True when figures come from stored rollups plus the tail, which can lag (not from matching events, which never do). */
export function usesTail(filters: StatsFilter[], panel: boolean): boolean {
  return filters.length === 0 || (!panel && exactFilter(filters) !== null);
}

/** A single filter that cells answer exactly; exit rows move as visits go on, so an exit filter reads events. */
function exactFilter<F extends StatsFilter>(filters: readonly F[]): F | null {
  return filters.length === 1 && filters[0]!.dimension !== "exit" ? filters[0]! : null;
}

/**
 * Filters in read order: the first one's index is scanned, so an exit filter
 * (a path index too) goes last, and a page filter after any other: a visit's
 * reports on its other pages, which a page filter's visit duration adds up,
 * are not under the page's own path.
 */
function readOrder<F extends StatsFilter>(filters: readonly F[]): F[] {
  const rank = (f: StatsFilter) => (f.dimension === "exit" ? 2 : f.dimension === "page" ? 1 : 0);
  return [...filters].sort((a, b) => rank(a) - rank(b));
}

/** The row whose figures a set of filters shows: a page filter counts the visits that include the page. */
function rowKey(filters: readonly StatsFilter[]): { dimension: RollupDimension; value: string } {
  const page = filters.find((f) => f.dimension === "page");
  return page ?? { dimension: "total", value: "" };
}

type Sampled = { events: FilteredEvents; factor: number; estimate: Estimate };

/**
 * Matching events, and the factor that scales a sample to the first filter's
 * exact views. A filter on a post's path matches its old paths too, and
 * their events count under the post's path.
 */
async function sampled(db: DatabaseReader, tails: Tails, filters: readonly ReadFilter[], span: Span): Promise<Sampled> {
  const ordered = await filtersWithOldPaths(db, readOrder(filters));
  const events = withPaths(await readFiltered(db, ordered, span), renamesOf(ordered));
  if (events.sample === null) return { events, factor: 1, estimate: { visitorsApproximate: false, sampleVisits: null } };
  const first = ordered[0]!;
  // Exit and page filters scan the same path index.
  const key = { dimension: first.dimension === "exit" ? "page" : first.dimension, value: first.value, also: first.also } as const;
  const period = readPeriod(span, tails.source.timeZone);
  const exact = sumRows(await readCells(db, tails.of(period), key, span, period), key.value).views;
  const factor = events.sample.firstFilterViews === 0 ? 1 : exact / events.sample.firstFilterViews;
  return { events, factor, estimate: { visitorsApproximate: true, sampleVisits: events.sample.visits } };
}

function scaled(row: RollupRow, factor: number): RollupRow {
  if (factor === 1) return row;
  const s = (n: number) => Math.round(n * factor);
  return {
    ...row,
    views: s(row.views),
    visitors: s(row.visitors),
    visits: s(row.visits),
    nonBounces: s(row.nonBounces),
    engagedMs: s(row.engagedMs),
    continued: s(row.continued),
    completions: s(row.completions),
    newVisitors: s(row.newVisitors),
    ...(row.visitEngagedMs === undefined ? {} : { visitEngagedMs: s(row.visitEngagedMs) }),
  };
}

export async function headlineFor(
  db: DatabaseReader,
  tails: Tails,
  /** The span is all time: first views ever count the visitors, no sets needed. */
  allTime: boolean,
  span: Span,
  /** A filter may carry `also`: values counted as it, whose visitor sets are merged (a goal's matching pages). */
  filters: readonly ReadFilter[],
): Promise<{ headline: Headline } & Estimate> {
  const period = readPeriod(span, tails.source.timeZone);
  const tail = tails.of(period);
  const exact = exactFilter(filters);
  if (filters.length === 0 || exact !== null) {
    const key = exact === null ? { dimension: "total" as const, value: "" } : (await filtersWithOldPaths(db, [exact]))[0]!;
    const buckets = exact === null ? await readBuckets(db, tail, "total", span, period, openMonthsOf(tails.source)) : await readCells(db, tail, key, span, period);
    const total = sumRows(buckets, key.value);
    // All time, unfiltered: first views ever are the exact count of visitors.
    if (exact === null && allTime) return { headline: headlineOf(total, total.newVisitors), visitorsApproximate: false, sampleVisits: null };
    const visitors = await visitorsOf(db, tail, key, span, period);
    return { headline: headlineOf(total, visitors.count), visitorsApproximate: !visitors.exact, sampleVisits: null };
  }
  const { events, factor, estimate } = await sampled(db, tails, filters, span);
  const key = rowKey(filters);
  const row = sumRows(bucketsOf(foldRaw(events, wholeSpan(span, period)), key.dimension), key.value);
  return { headline: headlineOf(scaled(row, factor), Math.round(row.visitors * factor)), ...estimate };
}

/** Consecutive groups read from the same rollup period, so each run is one read. */
function runsOf(groups: ChartGroup[]): ChartGroup[][] {
  const runs: ChartGroup[][] = [];
  for (const group of groups) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0]!.period === group.period) last.push(group);
    else runs.push([group]);
  }
  return runs;
}

export async function seriesFor(
  db: DatabaseReader,
  tails: Tails,
  span: Span,
  groups: ChartGroup[],
  filters: StatsFilter[],
): Promise<{ points: SeriesPoint[] } & Estimate> {
  const { timeZone } = tails.source;
  const exact = exactFilter(filters);
  if (filters.length === 0 || exact !== null) {
    const key = exact === null ? { dimension: "total" as const, value: "" } : (await filtersWithOldPaths(db, [exact]))[0]!;
    const points: SeriesPoint[] = [];
    let approximate = false;
    let budget = MAX_VISITOR_DOCS;
    for (const run of runsOf(groups)) {
      const period = run[0]!.period;
      const tail = tails.of(period);
      const runSpan = { start: run[0]!.start, end: run[run.length - 1]!.end };
      const buckets =
        exact === null ? await readBuckets(db, tail, "total", runSpan, period, openMonthsOf(tails.source)) : await readCells(db, tail, key, runSpan, period);
      if (run.every((g) => addBuckets(period, g.start, 1, timeZone) === g.end)) {
        // A point per stored bucket: its stored visitor count, recounted only where the tail adds to it.
        const visitors = await visitorsPerBucket(db, tail, key, buckets, period, timeZone);
        if ([...visitors.values()].some((n) => n >= SPARSE_MAX)) approximate = true;
        const byStart = new Map(buckets.map((acc) => [acc.start, acc.rows.get(key.value)]));
        for (const g of run) points.push(pointOf(g.start, byStart.get(g.start), visitors.get(g.start) ?? 0));
        continue;
      }
      // Weeks and part months: their buckets added up, visitors from the union of their sets.
      for (const g of run) {
        const row = sumRows(buckets.filter((acc) => acc.start >= g.start && acc.start < g.end), key.value);
        let visitors = 0;
        if (row.views > 0 || row.visits > 0) {
          const distinct = await visitorsOf(db, tail, key, g, period, budget);
          budget -= distinct.docs;
          if (!distinct.exact) approximate = true;
          visitors = distinct.count;
        }
        points.push(pointOf(g.start, row, visitors));
      }
    }
    return { points, visitorsApproximate: approximate, sampleVisits: null };
  }
  const { events, factor, estimate } = await sampled(db, tails, filters, span);
  const key = rowKey(filters);
  const bucketing = { period: groups[0]?.period ?? "day", startOf: (ts: number) => groupOf(groups, ts).start };
  const byStart = new Map(bucketsOf(foldRaw(events, bucketing), key.dimension).map((acc) => [acc.start, acc.rows.get(key.value)]));
  const points = groups.map((g) => {
    const row = byStart.get(g.start);
    return pointOf(g.start, row && scaled(row, factor), Math.round((row?.visitors ?? 0) * factor));
  });
  return { points, ...estimate };
}

export async function breakdownFor(
  db: DatabaseReader,
  tails: Tails,
  span: Span,
  dimension: StatsDimension,
  filters: StatsFilter[],
  /** Rows answered: the first of the (at most 100) the panel has. Only their visitor sets are read, and only they are labelled. */
  limit: number,
): Promise<Breakdown> {
  const period = readPeriod(span, tails.source.timeZone);
  const content = new Published(db);
  if (filters.length > 0) {
    const { events, factor, estimate } = await sampled(db, tails, filters, span);
    // Old paths become the post's before the fold, so its visitor set is one union.
    const renamed = PATH_DIMENSIONS.has(dimension) ? await renameEvents(db, events, content) : events;
    const merged = mergedRows(bucketsOf(foldRaw(renamed, wholeSpan(span, period)), dimension));
    const { rows, truncated } = topRows(dimension, new Map([...merged].map(([value, row]) => [value, scaled(row, factor)])));
    return { rows: await answered(content, dimension, rows, new Map(), limit), rowCount: rows.length, truncated, ...estimate };
  }
  if (period === "day") {
    const fromSummary = await breakdownFromSummary(db, tails, span, dimension, content, limit);
    if (fromSummary !== null) return fromSummary;
  }
  const tail = tails.of(period);
  const buckets = await readBuckets(db, tail, dimension, span, period, openMonthsOf(tails.source));
  const renamed = await withRenames(db, dimension, mergedRows(buckets), content);
  const { rows, truncated } = topRows(dimension, renamed.rows);
  let approximate = false;
  let budget = MAX_VISITOR_DOCS;
  const shown = await rowsToShow(dimension, rows, limit, async (row) => {
    if (budget <= 0) {
      // Past the read budget: the per-bucket counts added up, an upper bound.
      approximate = true;
      return undefined;
    }
    const distinct = await visitorsOf(db, tail, renamed.keyOf(row.value), span, period, budget);
    budget -= distinct.docs;
    if (!distinct.exact) approximate = true;
    return distinct.count;
  });
  return {
    rows: await answered(content, dimension, shown.rows, shown.visitors, limit),
    rowCount: rows.length,
    truncated,
    visitorsApproximate: approximate,
    sampleVisits: null,
  };
}

/** The first `limit` rows in the panel's order, page, entry and exit rows labelled by their own posts and pages. */
async function answered(content: Published, dimension: StatsDimension, rows: readonly RollupRow[], visitors: Map<string, number>, limit: number): Promise<BreakdownRow[]> {
  const first = firstRows(dimension, rows, visitors, limit);
  const pages = PATH_DIMENSIONS.has(dimension) ? await pageLabels(content, first.map((row) => row.value)) : new Map<string, PageInfo>();
  return breakdownOf(dimension, first, visitors, pages);
}

type Breakdown = {
  rows: BreakdownRow[];
  /** Rows the whole list has (at most 100); `rows` holds the first `limit` of them. */
  rowCount: number;
  truncated: boolean;
} & Estimate;

/**
 * A multi-day panel from its closed days' summary (dashboard.summary.ts),
 * today's bucket and the tail: the same figures as the buckets give, from a
 * few documents. Null when no summary answers it (not built yet, deleted by
 * a late fold, or a row it left out could be shown); the caller then reads
 * the buckets.
 */
async function breakdownFromSummary(
  db: DatabaseReader,
  tails: Tails,
  span: Span,
  dimension: StatsDimension,
  content: Published,
  limit: number,
): Promise<Breakdown | null> {
  const { timeZone } = tails.source;
  const today = addBuckets("day", span.end, -1, timeZone);
  if (today <= span.start) return null;
  const closed = { start: span.start, end: today };
  const summary = await readSummary(db, dimension, closed);
  if (summary === null) return null;
  const tail = tails.of("day");
  const live = await readBuckets(db, tail, dimension, { start: today, end: span.end }, "day");
  const stored: BucketAcc = { period: "day", start: span.start, dimension, rows: summary.rows, visitors: new Map() };
  // A row the summary left out is bounded by `floor` on its own, but an old
  // path among them would add up to `floor` to its post's row unseen: on a
  // site with renamed posts, a cut page summary leaves the panel to the
  // buckets, which have every path. An uncut one (floor 0) has every row, so
  // its rows merge exactly, and their visitors are a union of sets per value.
  if (summary.floor > 0 && PATH_DIMENSIONS.has(dimension) && (await anyAliases(db, await content.generation()))) return null;
  const merged = mergedRows([stored, ...tailBuckets(tail, dimension, closed), ...live]);
  const renamed = await withRenames(db, dimension, merged, content);
  const { rows, truncated } = topRows(dimension, renamed.rows);
  if (!summaryCovers(dimension, summary, renamed.rows, rows)) return null;
  let approximate = false;
  let budget = MAX_VISITOR_DOCS;
  const shown = await rowsToShow(dimension, rows, limit, async (row) => {
    const key = renamed.keyOf(row.value);
    const values = [row.value, ...(key.also ?? [])];
    const sets = await Promise.all(values.map((value) => readSummaryVisitors(db, summary.id, value)));
    // A row with a value past the summary's sets is counted from its daily sets, as without a summary.
    let base: { set: Visitors; storedFrom: number } | undefined;
    if (sets.every((set) => set !== null)) {
      base = { set: emptyVisitors(), storedFrom: today };
      for (const set of sets) mergeVisitors(base.set, set);
    }
    const distinct = await visitorsOf(db, tail, key, span, "day", Math.max(1, budget), base);
    budget -= distinct.docs + values.length;
    if (!distinct.exact) approximate = true;
    return distinct.count;
  });
  return {
    rows: await answered(content, dimension, shown.rows, shown.visitors, limit),
    rowCount: rows.length,
    truncated: truncated || summary.floor > 0,
    visitorsApproximate: approximate,
    sampleVisits: null,
  };
}

