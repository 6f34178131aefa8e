// What a dashboard query reads: bucket documents of the rollup plus the
// events not folded yet (the tail), or, with filters, the matching raw events.
// Every read has a named cap; a query that reaches one says it is catching up.
// Imported by dashboard.ts; the second dot keeps it from being a Convex module.
import type { Doc } from "./_generated/dataModel";
import type { DatabaseReader } from "./_generated/server";
import { siteTimeZone } from "./dashboard.access";
import {
  distinctVisitors,
  FIELD_OF,
  Fold,
  foldViewOf,
  hasVisit,
  markerVisitors,
  mergeBucket,
  zoneBucketings,
  type BucketAcc,
  type Bucketing,
  type FoldView,
} from "./dashboard.fold";
import { sketchFromBytes } from "./dashboard.hll";
import { readState, type RollupState } from "./dashboard.rollup";
import type { Span } from "./dashboard.range";
import type { EventDimensions, Granularity, RollupDimension, StatsFilter } from "./validators";

/**
 * Caps, chosen so that a query stays under 5,000 documents: the summary reads
 * two spans (400 bucket documents each at most: 33 years of months), the tail,
 * the state row, and for labels the published posts and pages.
 */
export const MAX_BUCKET_DOCS = 400;
export const MAX_TAIL_VIEWS = 2_000;
export const MAX_TAIL_ENGAGEMENTS = 1_000;
/** Raw events a filtered query reads per span; past it, it says it is catching up. */
export const MAX_FILTERED_VIEWS = 1_500;
export const MAX_FILTERED_ENGAGEMENTS = 700;

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

/** One dimension's counts per bucket of `period` over the span: stored documents plus the tail. */
export async function readBuckets(
  db: DatabaseReader,
  source: Source,
  dimension: RollupDimension,
  span: Pick<Span, "start" | "end">,
  period: Granularity,
): Promise<BucketAcc[]> {
  const docs = await db
    .query("dashboardRollups")
    .withIndex("by_dimension_and_period_and_start", (q) =>
      q.eq("dimension", dimension).eq("period", period).gte("start", span.start).lt("start", span.end),
    )
    .take(MAX_BUCKET_DOCS);
  const byStart = new Map<number, BucketAcc>();
  const accOf = (start: number) => {
    let acc = byStart.get(start);
    if (acc === undefined) {
      acc = { period, start, dimension, rows: new Map(), sketch: null };
      byStart.set(start, acc);
    }
    return acc;
  };
  for (const doc of docs) mergeBucket(accOf(doc.start), doc.rows, doc.sketch === undefined ? null : sketchFromBytes(doc.sketch));

  const tail = new Fold(zoneBucketings([period], source.timeZone), markerVisitors, dimension === "total");
  for (const view of source.views) tail.addView(view);
  for (const event of source.engagements) tail.addEngagement(event);
  for (const acc of tail.buckets.values()) {
    if (acc.dimension !== dimension || acc.start < span.start || acc.start >= span.end) continue;
    mergeBucket(accOf(acc.start), [...acc.rows.values()], acc.sketch);
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

type FilterField = (typeof FIELD_OF)[keyof typeof FIELD_OF];
/** The few index-range methods used below, over a field chosen at run time. */
interface FieldRange {
  eq(field: FilterField, value: string | undefined): FieldRange;
  gte(field: "timestamp", value: number): FieldRange;
  lt(field: "timestamp", value: number): FieldRange;
}

function matches(row: { path: string } & EventDimensions, filters: StatsFilter[]): boolean {
  return filters.every((f) => {
    const field = FIELD_OF[f.dimension];
    const actual = field === "path" ? row.path : row[field];
    return (actual ?? "") === f.value;
  });
}

/** Events matching every filter in the span, through the first filter's index. */
export async function readFiltered(
  db: DatabaseReader,
  filters: StatsFilter[],
  span: Pick<Span, "start" | "end">,
): Promise<{ views: FoldView[]; engagements: Doc<"engagements">[]; capped: boolean }> {
  const [first] = filters;
  if (first === undefined) throw new Error("readFiltered needs a filter");
  const field = FIELD_OF[first.dimension];
  // "" stands for Direct / unknown, which is a missing field.
  const value = first.value === "" ? undefined : first.value;
  const index = `by_${field}_and_timestamp` as const;
  // Every filter field has this index on both tables (schema.ts); the field is
  // chosen at run time, so the range builder is narrowed to what is used here.
  const range = <Q>(q: Q) =>
    (q as unknown as FieldRange).eq(field, value).gte("timestamp", span.start).lt("timestamp", span.end) as unknown as Q;
  const [views, engagements] = await Promise.all([
    db.query("pageViews").withIndex(index, range).take(MAX_FILTERED_VIEWS),
    db.query("engagements").withIndex(index, range).take(MAX_FILTERED_ENGAGEMENTS),
  ]);
  return {
    views: views.filter((row) => matches(row, filters)).map((row) => foldViewOf(row)),
    engagements: engagements.filter((row) => matches(row, filters)),
    capped: views.length === MAX_FILTERED_VIEWS || engagements.length === MAX_FILTERED_ENGAGEMENTS,
  };
}

/** Folds raw events with exact distinct visitors, into the given buckets. */
export function foldRaw(
  events: { views: FoldView[]; engagements: Doc<"engagements">[] },
  bucketing: Bucketing,
  dimension: RollupDimension,
): BucketAcc[] {
  const fold = new Fold([bucketing], distinctVisitors(), false);
  for (const view of events.views) fold.addView(view);
  for (const event of events.engagements) fold.addEngagement(event);
  return [...fold.buckets.values()].filter((acc) => acc.dimension === dimension).sort((a, b) => a.start - b.start);
}

/** The whole span as one bucket, for exact distinct counts over it. */
export function wholeSpan(span: Pick<Span, "start">, period: Granularity): Bucketing {
  return { period, startOf: () => span.start };
}
