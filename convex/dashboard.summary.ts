// Summaries of closed days (issue 23): a 7- or 30-day panel re-runs on every
// view, yet only today's part of it changes. The rollup merges each panel's
// closed days once (one dimension and range per run), and a query reads that
// summary, today's bucket and the tail instead of every day's bucket and
// every row's daily visitor sets. A summary is a cache: any fold into one of
// its days deletes it, a query without one reads the buckets as before, and
// the rollup builds it again. See prds/stats-dashboard.md.
// Imported by dashboard.ts and dashboard.figures.ts; the second dot keeps it
// from being a Convex module.
import type { Doc, Id } from "./_generated/dataModel";
import type { DatabaseReader, MutationCtx } from "./_generated/server";
import { emptyRow, FIELD_OF, mergeBucket, type BucketAcc } from "./dashboard.fold";
import { bucketRowsOf } from "./dashboard.rows";
import { emptyVisitors, fromStored, mergeVisitors, toStored, countVisitors, MAX_DOCS_PER_SET, type Visitors } from "./dashboard.hll";
import { MAX_BREAKDOWN_ROWS } from "./constants";
import { mergedRows, shownViews } from "./dashboard.report";
import { addBuckets, bucketStart } from "./dashboard.time";
import type { RollupRow, StatsDimension } from "./validators";

/** Ranges served by summaries, as days including today. */
export const SUMMARY_RANGE_DAYS = [7, 30] as const;
/** Rows kept per summary, most viewed first; the rest are bounded by `floor`. */
export const SUMMARY_ROWS = 1_000;
/**
 * Bytes a summary's packed rows may take. A document holds at most 1 MiB,
 * and SUMMARY_ROWS paths of MAX_PATH_LENGTH characters outside ASCII (3 bytes
 * each in UTF-8) would take 1.58 MB: rows past this are left out like rows
 * past SUMMARY_ROWS, under `floor`.
 */
export const SUMMARY_MAX_BYTES = 800_000;
/** A packed row's bytes besides its value: five uint32 counts, engaged ms, scroll depth's pair, and room for the array entry's own. */
const ROW_BYTES = 5 * 4 + 8 + 16 + 8;
/** Rows of a summary that get a visitor set (a panel shows at most MAX_BREAKDOWN_ROWS). */
export const SUMMARY_VISITOR_ROWS = 150;
/**
 * Summaries for a new day are built only this long after midnight: visits
 * that started yesterday and late engagement reports still fold into
 * yesterday's bucket for a while, and each would delete the summary again.
 */
export const SUMMARY_SETTLE_MS = 3_600_000;
/** Old and deleted summaries' documents removed per run. */
const SUMMARY_DELETE_BATCH = 200;
const MAX_DAYS = 31;

const DIMENSIONS = Object.keys(FIELD_OF) as StatsDimension[];
/** Entry and exit rows show visits, so their summaries need no visitor sets. */
const countsVisitors = (dimension: StatsDimension) => dimension !== "entry" && dimension !== "exit";

/** What a panel row shows (breakdownOf, shownViews) besides engaged ms and scroll depth; a summary serves panels only, so it keeps just these. */
const COUNT_FIELDS = ["views", "visitors", "visits", "continued", "completions"] as const;

/**
 * The packed rows' layout. Summaries of another format are stale: a query
 * reads the buckets instead, and the rollup builds them again. 1: counts and
 * engaged ms; 2: and scroll depth (`scroll`).
 */
export const SUMMARY_FORMAT = 2;

export type PackedRows = { values: string[]; counts: ArrayBuffer; engaged: ArrayBuffer; scroll?: ArrayBuffer };

/**
 * Counts as uint32 (a row's 30-day views stay far below 2^32), engaged ms as
 * float64 (they can pass it). Scroll depth as float64 pairs (sum, views),
 * only when a row has it (page rows): its sum is of shares, not integers.
 */
export function packRows(rows: RollupRow[]): PackedRows {
  const counts = new Uint32Array(rows.length * COUNT_FIELDS.length);
  rows.forEach((row, i) => COUNT_FIELDS.forEach((field, j) => (counts[i * COUNT_FIELDS.length + j] = row[field])));
  const packed: PackedRows = { values: rows.map((row) => row.value), counts: counts.buffer, engaged: Float64Array.from(rows, (row) => row.engagedMs).buffer };
  if (rows.some((row) => row.scrollViews !== undefined || row.scrollSum !== undefined)) {
    packed.scroll = Float64Array.from(rows.flatMap((row) => [row.scrollSum ?? 0, row.scrollViews ?? 0])).buffer;
  }
  return packed;
}

export function unpackRows({ values, counts, engaged, scroll }: PackedRows): RollupRow[] {
  const numbers = new Uint32Array(counts.slice(0));
  const engagedMs = new Float64Array(engaged.slice(0));
  const scrolls = scroll === undefined ? null : new Float64Array(scroll.slice(0));
  return values.map((value, i) => {
    const row = emptyRow(value);
    COUNT_FIELDS.forEach((field, j) => (row[field] = numbers[i * COUNT_FIELDS.length + j]!));
    row.engagedMs = engagedMs[i]!;
    const scrollSum = scrolls?.[2 * i] ?? 0;
    const scrollViews = scrolls?.[2 * i + 1] ?? 0;
    // A row without a depth stays without the fields, as in the buckets.
    if (scrollSum !== 0 || scrollViews !== 0) {
      row.scrollSum = scrollSum;
      row.scrollViews = scrollViews;
    }
    return row;
  });
}

/**
 * The rows a summary keeps, most shown first, within SUMMARY_ROWS and
 * SUMMARY_MAX_BYTES, and `floor`: the most a row left out shows.
 */
export function keptRows(dimension: StatsDimension, sorted: RollupRow[]): { kept: RollupRow[]; floor: number } {
  const encoder = new TextEncoder();
  let bytes = 0;
  let count = 0;
  for (const row of sorted.slice(0, SUMMARY_ROWS)) {
    bytes += encoder.encode(row.value).length + ROW_BYTES;
    if (bytes > SUMMARY_MAX_BYTES) break;
    count++;
  }
  const floor = sorted.slice(count).reduce((max, row) => Math.max(max, shownViews(dimension, row)), 0);
  return { kept: sorted.slice(0, count), floor };
}

type DaySpan = { start: number; end: number };

/** The closed days of each summarized range, for a viewer in the day of `now`. */
export function closedSpans(now: number, timeZone: string): DaySpan[] {
  const today = bucketStart("day", now, timeZone);
  return SUMMARY_RANGE_DAYS.map((days) => ({ start: addBuckets("day", today, -(days - 1), timeZone), end: today }));
}

export type Summary = { id: Id<"dashboardRangeCounts">; rows: Map<string, RollupRow>; floor: number };

function summaryDoc(db: DatabaseReader, dimension: StatsDimension, span: DaySpan): Promise<Doc<"dashboardRangeCounts"> | null> {
  return db
    .query("dashboardRangeCounts")
    .withIndex("by_dimension_and_start_and_end", (q) => q.eq("dimension", dimension).eq("start", span.start).eq("end", span.end))
    .first();
}

const isCurrent = (doc: Doc<"dashboardRangeCounts">) => (doc.format ?? 1) === SUMMARY_FORMAT;

/** The summary of these days, or null when there is none or it is stale (another format). */
export async function readSummary(db: DatabaseReader, dimension: StatsDimension, span: DaySpan): Promise<Summary | null> {
  const doc = await summaryDoc(db, dimension, span);
  if (doc === null || !isCurrent(doc)) return null;
  return { id: doc._id, rows: new Map(unpackRows(doc).map((row) => [row.value, row])), floor: doc.floor };
}

/** A summary row's visitors over its days, or null when the row has no set (past SUMMARY_VISITOR_ROWS). */
export async function readSummaryVisitors(db: DatabaseReader, summaryId: Id<"dashboardRangeCounts">, value: string): Promise<Visitors | null> {
  const doc = await db
    .query("dashboardRangeVisitors")
    .withIndex("by_summaryId_and_value", (q) => q.eq("summaryId", summaryId).eq("value", value))
    .first();
  return doc === null ? null : fromStored(doc);
}

/**
 * Builds the first missing or stale summary of the current day, if the day
 * has settled. One per run: a 30-day page summary reads 29 bucket documents
 * and up to SUMMARY_VISITOR_ROWS × 29 visitor sets. A stale one is replaced
 * (its visitor sets are left to dropOldSummaries, as after a late fold).
 * Returns true when it built one.
 */
export async function buildNextSummary(ctx: MutationCtx, now: number, timeZone: string): Promise<boolean> {
  const spans = closedSpans(now, timeZone);
  if (now - spans[0]!.end < SUMMARY_SETTLE_MS) return false;
  for (const span of spans) {
    for (const dimension of DIMENSIONS) {
      const doc = await summaryDoc(ctx.db, dimension, span);
      if (doc !== null && isCurrent(doc)) continue;
      if (doc !== null) await ctx.db.delete("dashboardRangeCounts", doc._id);
      await buildSummary(ctx, dimension, span);
      return true;
    }
  }
  return false;
}

async function buildSummary(ctx: MutationCtx, dimension: StatsDimension, span: DaySpan): Promise<void> {
  const docs = await ctx.db
    .query("dashboardRollups")
    .withIndex("by_dimension_and_period_and_start", (q) =>
      q.eq("dimension", dimension).eq("period", "day").gte("start", span.start).lt("start", span.end),
    )
    .take(MAX_DAYS);
  const buckets: BucketAcc[] = docs.map((doc) => {
    const acc: BucketAcc = { period: "day", start: doc.start, dimension, rows: new Map(), visitors: new Map() };
    mergeBucket(acc, bucketRowsOf(doc));
    return acc;
  });
  const rows = [...mergedRows(buckets).values()].sort((a, b) => shownViews(dimension, b) - shownViews(dimension, a) || a.value.localeCompare(b.value));
  const { kept, floor } = keptRows(dimension, rows);
  const sets = new Map<string, Visitors>();
  if (countsVisitors(dimension)) {
    for (const row of kept.slice(0, SUMMARY_VISITOR_ROWS)) {
      const stored = await ctx.db
        .query("dashboardVisitors")
        .withIndex("by_dimension_and_value_and_period_and_start", (q) =>
          q.eq("dimension", dimension).eq("value", row.value).eq("period", "day").gte("start", span.start).lt("start", span.end),
        )
        .take(MAX_DAYS * MAX_DOCS_PER_SET);
      const set = emptyVisitors();
      for (const doc of stored) mergeVisitors(set, fromStored(doc));
      sets.set(row.value, set);
      row.visitors = countVisitors(set).count;
    }
  }
  const summaryId = await ctx.db.insert("dashboardRangeCounts", { dimension, start: span.start, end: span.end, ...packRows(kept), floor, format: SUMMARY_FORMAT });
  for (const [value, set] of sets) {
    await ctx.db.insert("dashboardRangeVisitors", { summaryId, value, end: span.end, ...toStored(set) });
  }
}

/**
 * A fold into any of these days changes a summary that covers it: delete the
 * summary (its visitor sets are left to dropOldSummaries; nothing reads them
 * without it). Summaries exist only for the current day's ranges, so the
 * read is small.
 */
export async function invalidateSummaries(ctx: MutationCtx, dayStarts: Iterable<number>): Promise<void> {
  const days = [...dayStarts];
  if (days.length === 0) return;
  const earliest = Math.min(...days);
  const docs = await ctx.db
    .query("dashboardRangeCounts")
    .withIndex("by_end", (q) => q.gt("end", earliest))
    .take(SUMMARY_DELETE_BATCH);
  for (const doc of docs) {
    if (days.some((day) => day >= doc.start && day < doc.end)) await ctx.db.delete("dashboardRangeCounts", doc._id);
  }
}

/** Deletes a batch of summaries (and their sets) built for days before today. */
export async function dropOldSummaries(ctx: MutationCtx, now: number, timeZone: string): Promise<void> {
  const today = bucketStart("day", now, timeZone);
  for (const table of ["dashboardRangeCounts", "dashboardRangeVisitors"] as const) {
    const old: Doc<typeof table>[] = await ctx.db
      .query(table)
      .withIndex("by_end", (q) => q.lt("end", today))
      .take(SUMMARY_DELETE_BATCH);
    for (const doc of old) await ctx.db.delete(table, doc._id);
  }
}

/** Tables a zone change empties besides the buckets. */
export const SUMMARY_TABLES = ["dashboardRangeCounts", "dashboardRangeVisitors"] as const;

/**
 * A summary answers a panel only if every row that could be shown is in it:
 * a value left out had at most `floor` views over the closed days, so it
 * cannot reach the last shown row unless its live views plus `floor` do.
 */
export function summaryCovers(
  dimension: StatsDimension,
  summary: Summary,
  merged: Map<string, RollupRow>,
  shown: RollupRow[],
): boolean {
  if (summary.floor === 0) return true;
  const last = shown.length < MAX_BREAKDOWN_ROWS ? 0 : shownViews(dimension, shown[shown.length - 1]!);
  if (summary.floor >= last) return false;
  for (const row of merged.values()) {
    if (summary.rows.has(row.value)) continue;
    if (shownViews(dimension, row) + summary.floor >= last) return false;
  }
  return true;
}
