// What a dashboard query reads: bucket documents, one value's cells and
// visitor sets, the events not folded yet (the tail), or the matching events.
// Every read has a named cap; past the tail's, a query says it is catching up,
// past the matching events', it answers from a marked sample of whole visits.
// Imported by dashboard.ts; the second dot keeps it from being a Convex module.
import type { Doc } from "./_generated/dataModel";
import type { DatabaseReader } from "./_generated/server";
import { siteTimeZone } from "./dashboard.access";
import { FIELD_OF, Fold, foldViewOf, hasVisit, mergeBucket, zoneBucketings, type BucketAcc, type Bucketing, type FoldView } from "./dashboard.fold";
import { countVisitors, emptyVisitors, fromStored, mergeVisitors, type Visitors } from "./dashboard.hll";
import { bucketRowsOf } from "./dashboard.rows";
import { addBuckets, bucketStart } from "./dashboard.time";
import { readState, type RollupState } from "./dashboard.rollup";
import type { Span } from "./dashboard.range";
import type { EventDimensions, Granularity, RollupDimension, StatsFilter } from "./validators";

/**
 * Caps, chosen so that a query stays under 5,000 documents: the summary reads
 * two spans (400 bucket documents each at most: 33 years of months), the tail,
 * the state row, and for labels the published posts and pages.
 */
export const MAX_BUCKET_DOCS = 400;
export const MAX_TAIL_VIEWS = 1_000;
export const MAX_TAIL_ENGAGEMENTS = 500;
/** Visitor-set documents one query reads at most. */
export const MAX_VISITOR_DOCS = 2_500;
/** Day documents of open months one query reads: the current month and one closing. */
const MAX_OPEN_DAYS = 62;

export type Source = {
  timeZone: string;
  state: RollupState | null;
  views: FoldView[];
  engagements: Doc<"engagements">[];
  /** A cap was reached, old rows are still being folded, or the zone is being rebuilt. */
  catchingUp: boolean;
};

/** The rollup's state and the events after its watermarks, read once per query. */
export async function loadSource(db: DatabaseReader): Promise<Source> {
  const timeZone = siteTimeZone();
  const state = await readState(db);
  const viewsWatermark = state?.viewsWatermark ?? null;
  const engagementsWatermark = state?.engagementsWatermark ?? null;
  const [views, engagements] = await Promise.all([
    db
      .query("pageViews")
      .withIndex("by_commitTs", (q) => (viewsWatermark === null ? q : q.gt("commitTs", viewsWatermark)))
      .take(MAX_TAIL_VIEWS),
    db
      .query("engagements")
      .withIndex("by_commitTs", (q) => (engagementsWatermark === null ? q : q.gt("commitTs", engagementsWatermark)))
      .take(MAX_TAIL_ENGAGEMENTS),
  ]);
  const catchingUp =
    (state !== null && state.timeZone !== timeZone) ||
    views.length === MAX_TAIL_VIEWS ||
    engagements.length === MAX_TAIL_ENGAGEMENTS ||
    // Rows from before the dashboard get their visit only in the rollup.
    views.some((row) => !hasVisit(row));
  return { timeZone, state, views: views.map((row) => foldViewOf(row)), engagements, catchingUp };
}

/** The tail folded into buckets of one period, once per query. */
export function tailFold(source: Source, period: Granularity): Fold {
  const fold = new Fold(zoneBucketings([period], source.timeZone));
  for (const view of source.views) fold.addView(view);
  for (const event of source.engagements) fold.addEngagement(event);
  return fold;
}

type Range = Pick<Span, "start" | "end">;
const inSpan = (start: number, span: Range) => start >= span.start && start < span.end;

function accOf(byStart: Map<number, BucketAcc>, period: Granularity, start: number, dimension: RollupDimension): BucketAcc {
  let acc = byStart.get(start);
  if (acc === undefined) {
    acc = { period, start, dimension, rows: new Map(), visitors: new Map() };
    byStart.set(start, acc);
  }
  return acc;
}

/**
 * One value a filter pins, and the values counted as it: a renamed post's old
 * paths (stats.aliases.ts), whose rows add up under `value`.
 */
export type CellKey = { dimension: RollupDimension; value: string; also?: readonly string[] };
const valuesOf = (key: CellKey) => [key.value, ...(key.also ?? [])];

/** Adds the tail's rows of a dimension (optionally one key's values, under its value) to stored buckets. */
function addTail(byStart: Map<number, BucketAcc>, tail: Fold, dimension: RollupDimension, span: Range, key?: CellKey): void {
  const values = key === undefined ? null : new Set(valuesOf(key));
  for (const acc of tail.buckets.values()) {
    if (acc.dimension !== dimension || !inSpan(acc.start, span)) continue;
    const into = accOf(byStart, acc.period, acc.start, dimension);
    for (const row of acc.rows.values()) {
      if (values !== null && !values.has(row.value)) continue;
      // Visitors of a row the tail touched are recounted from the sets (visitorsOf).
      mergeBucket(into, [key === undefined ? row : { ...row, value: key.value }]);
    }
  }
}

/** The tail's rows of a dimension in the span, without stored documents. */
export function tailBuckets(tail: Fold, dimension: RollupDimension, span: Range): BucketAcc[] {
  const byStart = new Map<number, BucketAcc>();
  addTail(byStart, tail, dimension, span);
  return [...byStart.values()];
}

/**
 * Months from `from` on have no complete bucket documents (the rollup writes
 * a month's only once it has closed, see closeMonth): their counts come from
 * their day documents.
 */
export type OpenMonths = { from: number; timeZone: string };

export function openMonthsOf(source: Source): OpenMonths | null {
  const from = source.state?.openMonth;
  return from === undefined ? null : { from, timeZone: source.timeZone };
}

/** One dimension's counts per bucket of `period` over the span: stored bucket documents plus the tail. */
export async function readBuckets(
  db: DatabaseReader,
  tail: Fold,
  dimension: RollupDimension,
  span: Range,
  period: Granularity,
  open: OpenMonths | null = null,
): Promise<BucketAcc[]> {
  const storedEnd = period === "month" && open !== null ? Math.max(span.start, Math.min(span.end, open.from)) : span.end;
  const docs = await db
    .query("dashboardRollups")
    .withIndex("by_dimension_and_period_and_start", (q) =>
      q.eq("dimension", dimension).eq("period", period).gte("start", span.start).lt("start", storedEnd),
    )
    .take(MAX_BUCKET_DOCS);
  const byStart = new Map<number, BucketAcc>();
  for (const doc of docs) mergeBucket(accOf(byStart, period, doc.start, dimension), bucketRowsOf(doc));
  if (open !== null && storedEnd < span.end) {
    const days = await db
      .query("dashboardRollups")
      .withIndex("by_dimension_and_period_and_start", (q) =>
        q.eq("dimension", dimension).eq("period", "day").gte("start", storedEnd).lt("start", span.end),
      )
      .take(MAX_OPEN_DAYS);
    for (const day of days) {
      const acc = accOf(byStart, period, bucketStart("month", day.start, open.timeZone), dimension);
      // Day documents' visitors add up per day: the month's are recounted from its sets.
      acc.recount = true;
      mergeBucket(acc, bucketRowsOf(day));
    }
  }
  addTail(byStart, tail, dimension, span);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/**
 * One key's counts per bucket (what a filter on it shows): its values' cells
 * plus the tail, added up under its value. A bucket with cells of two values
 * may count a reader in both: its visitors are recounted from the sets.
 */
export async function readCells(db: DatabaseReader, tail: Fold, filter: CellKey, span: Range, period: Granularity): Promise<BucketAcc[]> {
  const byStart = new Map<number, BucketAcc>();
  for (const value of valuesOf(filter)) {
    const cells = await db
      .query("dashboardCells")
      .withIndex("by_dimension_and_value_and_period_and_start", (q) =>
        q.eq("dimension", filter.dimension).eq("value", value).eq("period", period).gte("start", span.start).lt("start", span.end),
      )
      .take(MAX_BUCKET_DOCS);
    for (const cell of cells) {
      const { dimension: _d, period: _p, start, _id, _creationTime, ...row } = cell;
      const acc = accOf(byStart, period, start, filter.dimension);
      if (acc.rows.size > 0) acc.recount = true;
      mergeBucket(acc, [{ ...row, value: filter.value }]);
    }
  }
  addTail(byStart, tail, filter.dimension, span, filter);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/**
 * Distinct visitors of one value over the span's buckets: the stored sets
 * merged with the tail's. Reads at most `budget` set documents; a value with
 * more buckets than that is counted from what was read plus the stored
 * per-bucket counts of the rest, and said to be approximate.
 */
export async function visitorsOf(
  db: DatabaseReader,
  tail: Fold,
  key: CellKey,
  span: Range,
  period: Granularity,
  budget: number = MAX_VISITOR_DOCS,
  /** A summary's set of the span's first days; stored sets are then read from `storedFrom` on. */
  base?: { set: Visitors; storedFrom: number },
): Promise<{ count: number; exact: boolean; docs: number }> {
  const storedFrom = base?.storedFrom ?? span.start;
  const set = emptyVisitors();
  if (base !== undefined) mergeVisitors(set, base.set);
  // A key's values are one union of sets: a reader of two of them counts once.
  let read = 0;
  let cut = false;
  for (const value of valuesOf(key)) {
    const limit = Math.max(1, budget - read);
    const docs = await db
      .query("dashboardVisitors")
      .withIndex("by_dimension_and_value_and_period_and_start", (q) =>
        q.eq("dimension", key.dimension).eq("value", value).eq("period", period).gte("start", storedFrom).lt("start", span.end),
      )
      .take(limit);
    read += docs.length;
    if (docs.length === limit) cut = true;
    for (const doc of docs) mergeVisitors(set, fromStored(doc));
    for (const acc of tail.buckets.values()) {
      if (acc.dimension !== key.dimension || !inSpan(acc.start, span)) continue;
      const added = acc.visitors.get(value);
      if (added !== undefined) mergeVisitors(set, added);
    }
  }
  const { count, exact } = countVisitors(set);
  return { count, exact: exact && !cut, docs: read };
}

/** Visitors per bucket of one value: stored counts, recounted from the sets where the tail adds some. */
export async function visitorsPerBucket(
  db: DatabaseReader,
  tail: Fold,
  key: CellKey,
  buckets: BucketAcc[],
  period: Granularity,
  timeZone: string,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const touched = new Set<number>();
  for (const acc of tail.buckets.values()) {
    if (acc.dimension === key.dimension && valuesOf(key).some((value) => acc.visitors.has(value))) touched.add(acc.start);
  }
  for (const acc of buckets) {
    const row = acc.rows.get(key.value);
    if (row === undefined) continue;
    if (!touched.has(acc.start) && acc.recount !== true) {
      counts.set(acc.start, row.visitors);
      continue;
    }
    const next = addBuckets(period, acc.start, 1, timeZone);
    counts.set(acc.start, (await visitorsOf(db, tail, key, { start: acc.start, end: next }, period)).count);
  }
  return counts;
}

type FilterField = (typeof FIELD_OF)[keyof typeof FIELD_OF];
/** The few index-range methods used below, over a field chosen at run time. */
interface FieldRange {
  eq(field: FilterField, value: string | undefined): FieldRange;
  gte(field: "timestamp", value: number): FieldRange;
  lt(field: "timestamp", value: number): FieldRange;
}

/** A filter as read from events: its value, and the values that count as it (a renamed post's old paths). */
export type ReadFilter = StatsFilter & { also?: readonly string[] };

type Matchable = { path: string; visitPaths?: string[] } & EventDimensions;

function matches(row: Matchable, filters: ReadFilter[]): boolean {
  return filters.every((f) => {
    const field = FIELD_OF[f.dimension];
    const is = (actual: string) => actual === f.value || (f.also?.includes(actual) ?? false);
    // A report counts for a page when its visit had viewed the page (the whole
    // visit's time, as page cells add it up); a report without the list, for its own page.
    if (f.dimension === "page" && row.visitPaths !== undefined) return row.visitPaths.some(is);
    return is((field === "path" ? row.path : row[field]) ?? "");
  });
}

/** A filtered read past this many views of the first filter becomes a sample. */
export const MAX_FILTERED_VIEWS = 1_000;
export const MAX_FILTERED_ENGAGEMENTS = 500;
/** Visits that start in a span may run past its end; their later views are read up to this far. */
const VISIT_OVERRUN_MS = 6 * 3_600_000;

export type FilteredEvents = {
  views: FoldView[];
  engagements: Doc<"engagements">[];
  /** Null when every matching event was read; else the visits kept, all of them whole. */
  sample: { visits: number; firstFilterViews: number; from: number } | null;
};

/**
 * Events matching every filter whose visits start in the span, newest first
 * through the first filter's index (one range per value it stands for, the
 * caps shared between them). Past a cap, only the visits that started after
 * the oldest event read are kept: each of them is read whole, so the result
 * is a consistent sample of whole visits (the latest ones).
 */
export async function readFiltered(db: DatabaseReader, filters: ReadFilter[], span: Range): Promise<FilteredEvents> {
  const [first] = filters;
  if (first === undefined) throw new Error("readFiltered needs a filter");
  const field = FIELD_OF[first.dimension];
  const index = `by_${field}_and_timestamp` as const;
  const end = span.end + VISIT_OVERRUN_MS;
  const values = [first.value, ...(first.also ?? [])];
  const viewCap = Math.floor(MAX_FILTERED_VIEWS / values.length);
  const engagementCap = Math.floor(MAX_FILTERED_ENGAGEMENTS / values.length);
  let from = span.start;
  let capped = false;
  const cut = (rows: { timestamp: number }[], cap: number) => {
    if (rows.length < cap) return;
    capped = true;
    from = Math.max(from, rows[rows.length - 1]!.timestamp + 1);
  };
  const reads = await Promise.all(
    values.map(async (given) => {
      // "" stands for Direct / unknown, which is a missing field.
      const value = given === "" ? undefined : given;
      // Every filter field has this index on both tables (schema.ts); the field is
      // chosen at run time, so the range builder is narrowed to what is used here.
      const range = <Q>(q: Q) => (q as unknown as FieldRange).eq(field, value).gte("timestamp", span.start).lt("timestamp", end) as unknown as Q;
      const [views, engagements] = await Promise.all([
        db.query("pageViews").withIndex(index, range).order("desc").take(viewCap),
        db.query("engagements").withIndex(index, range).order("desc").take(engagementCap),
      ]);
      cut(views, viewCap);
      cut(engagements, engagementCap);
      return { views, engagements };
    }),
  );
  const newestFirst = (a: { timestamp: number; _creationTime: number }, b: { timestamp: number; _creationTime: number }) =>
    b.timestamp - a.timestamp || b._creationTime - a._creationTime;
  const views = reads.flatMap((read) => read.views).sort(newestFirst);
  const engagements = reads.flatMap((read) => read.engagements).sort(newestFirst);
  const startOf = (row: { timestamp: number; visitStart?: number }) => row.visitStart ?? row.timestamp;
  const kept = views.filter((row) => startOf(row) >= from && startOf(row) < span.end);
  const matching = kept.filter((row) => matches(row, filters));
  const visits = new Set(matching.filter((row) => row.visitStart === row.timestamp).map((row) => `${row.sessionId}|${row.timestamp}`));
  return {
    views: matching.map((row) => foldViewOf(row)).reverse(),
    engagements: engagements.filter((row) => startOf(row) >= from && startOf(row) < span.end && matches(row, filters)).reverse(),
    sample: capped ? { visits: visits.size, firstFilterViews: kept.length, from } : null,
  };
}

/** Folds raw events, with exact distinct visitors, into the given buckets. */
export function foldRaw(events: Pick<FilteredEvents, "views" | "engagements">, bucketing: Bucketing): Fold {
  const fold = new Fold([bucketing]);
  for (const view of events.views) fold.addView(view);
  for (const event of events.engagements) fold.addEngagement(event);
  return fold;
}

export function bucketsOf(fold: Fold, dimension: RollupDimension): BucketAcc[] {
  return [...fold.buckets.values()].filter((acc) => acc.dimension === dimension).sort((a, b) => a.start - b.start);
}

/** The whole span as one bucket, for exact distinct counts over it. */
export function wholeSpan(span: Pick<Span, "start">, period: Granularity): Bucketing {
  return { period, startOf: () => span.start };
}
