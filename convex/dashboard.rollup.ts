// The dashboard rollup's bookkeeping: which events a run folds, how rows from
// before the dashboard get their visit, and how a run's counts are written
// into the bucket documents. Imported by dashboard.ts; the second dot keeps it
// from being a Convex module.
import type { Doc } from "./_generated/dataModel";
import type { DatabaseReader, MutationCtx } from "./_generated/server";
import { siteTimeZone } from "./dashboard.access";
import {
  addRow,
  emptyRow,
  FIELD_OF,
  Fold,
  foldViewOf,
  hasVisit,
  MAX_ROWS_PER_BUCKET,
  OTHER_VALUE,
  zoneBucketings,
  type BucketAcc,
} from "./dashboard.fold";
import { bucketRowsOf, packBucketRows, samePacked } from "./dashboard.rows";
import { addHash, countVisitors, emptyVisitors, fromStored, MAX_DOCS_PER_SET, mergeVisitors, toStored, type Visitors } from "./dashboard.hll";
import { invalidateSummaries, SUMMARY_TABLES } from "./dashboard.summary";
import { addBuckets, bucketStart } from "./dashboard.time";
import type { EventDimensions, Granularity, RollupDimension, RollupRow } from "./validators";

/** Views folded per run. Each old row costs one more index range, so with the bucket documents a run stays under 4,096 ranges. */
export const VIEW_BATCH = 300;
export const ENGAGEMENT_BATCH = 200;
/** Convex writes at most 16,000 documents per transaction, so one commit's events fit one read. */
const MAX_EVENTS_PER_COMMIT = 16_000;
/** Rollup documents deleted per run when the site's time zone changed. */
export const REBUILD_DELETE_BATCH = 500;
/**
 * The rollup aims to leave about this many views unfolded: under load it runs
 * again after the time this many views took to arrive, so each query's tail
 * stays this size and reads grow linearly with the view rate.
 */
export const TAIL_TARGET = 200;
export const MAX_CHAIN_DELAY_MS = 60_000;

export type RollupState = Doc<"dashboardRollupState">;
type EventTable = "pageViews" | "engagements";

export async function readState(db: DatabaseReader): Promise<RollupState | null> {
  return await db.query("dashboardRollupState").first();
}

function commitTsOf(row: { commitTs: unknown }): bigint {
  // Placeholders exist only inside the inserting mutation, never in a later read.
  if (typeof row.commitTs !== "bigint") throw new Error("commitTs is not committed");
  return row.commitTs;
}

type BatchReader<R> = {
  /** Rows with watermark < commitTs <= snapshotTs, in commit order. */
  after(watermark: bigint | null, snapshotTs: bigint, limit: number): Promise<R[]>;
  /** Every row of one commit. */
  at(commitTs: bigint): Promise<R[]>;
};

export function readerOf(db: DatabaseReader, table: "pageViews"): BatchReader<Doc<"pageViews">>;
export function readerOf(db: DatabaseReader, table: "engagements"): BatchReader<Doc<"engagements">>;
export function readerOf(db: DatabaseReader, table: EventTable): BatchReader<Doc<EventTable>> {
  // Both tables have the same by_commitTs index; the table name is the only difference.
  const query = () => db.query(table as "pageViews");
  return {
    after: (watermark, snapshotTs, limit) =>
      query()
        .withIndex("by_commitTs", (q) =>
          watermark === null ? q.lte("commitTs", snapshotTs) : q.gt("commitTs", watermark).lte("commitTs", snapshotTs),
        )
        .take(limit),
    at: (commitTs) =>
      query()
        .withIndex("by_commitTs", (q) => q.eq("commitTs", commitTs))
        .take(MAX_EVENTS_PER_COMMIT),
  };
}

/**
 * Events after the watermark up to this snapshot, never splitting a commit:
 * a full batch drops its last commit, or reads all of it when the batch is one commit.
 */
export async function nextBatch<R extends { commitTs: unknown }>(
  reader: BatchReader<R>,
  watermark: bigint | null,
  snapshotTs: bigint,
  limit: number,
): Promise<{ rows: R[]; through: bigint | null; full: boolean }> {
  const batch = await reader.after(watermark, snapshotTs, limit);
  if (batch.length === 0) return { rows: [], through: watermark, full: false };
  const last = commitTsOf(batch[batch.length - 1]!);
  if (batch.length < limit) return { rows: batch, through: last, full: false };
  if (commitTsOf(batch[0]!) === last) return { rows: await reader.at(last), through: last, full: true };
  const rows = batch.filter((row) => commitTsOf(row) < last);
  return { rows, through: commitTsOf(rows[rows.length - 1]!), full: true };
}

/**
 * Hours and days one run may touch: each costs a bucket document per
 * dimension, so a run over a quiet year of backfill or a burst spread over
 * many days stays well inside 4,096 index ranges.
 */
export const MAX_BUCKETS_PER_RUN = 24;
/**
 * Cells (value and bucket) one run may touch per event table: each costs one
 * index range for its counts and one for its visitors, so with the bucket
 * documents and the old-row lookups a run stays under half of the 4,096 ranges
 * (2,452 at 1,000 cells before source and channel were counted here).
 */
export const MAX_CELLS_PER_RUN = 800;

export type BudgetRow = { commitTs: unknown; timestamp: number; visitStart?: number; path: string; visitPaths?: string[] } & EventDimensions;
const CELL_FIELDS = ["path", "entryPath", "source", "channel", "referrerHost", "utmSource", "utmMedium", "utmCampaign", "device", "browser", "os", "country"] as const;

/**
 * The first rows of a batch that touch at most MAX_BUCKETS_PER_RUN hours and
 * days and MAX_CELLS_PER_RUN cells (counted on UTC calendars, close enough
 * for a budget), cut between commits (a single commit is never split, even if
 * it spans more). Returns the rows kept and whether any were left for the next run.
 */
export function withinBucketBudget<R extends BudgetRow>(rows: R[], now: number): { rows: R[]; cut: boolean } {
  const buckets = new Set<number>();
  const cells = new Set<string>();
  const recent = now - HOUR_RETENTION_MS;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const ts = row.visitStart ?? row.timestamp;
    const periods = [`d${Math.floor(ts / 86_400_000)}`, `m${new Date(ts).toISOString().slice(0, 7)}`];
    buckets.add(-Math.floor(ts / 86_400_000) - 1);
    if (ts >= recent) {
      buckets.add(Math.floor(ts / 3_600_000));
      periods.push(`h${Math.floor(ts / 3_600_000)}`);
    }
    for (const period of periods) {
      cells.add(period);
      for (const field of CELL_FIELDS) cells.add(`${period}|${field}|${row[field] ?? ""}`);
      // A report adds its visit time to every page its visit had viewed.
      for (const path of row.visitPaths ?? []) cells.add(`${period}|path|${path}`);
    }
    if (buckets.size > MAX_BUCKETS_PER_RUN || (cells.size > MAX_CELLS_PER_RUN && i > 0)) {
      let end = i;
      const commit = commitTsOf(row);
      while (end > 0 && commitTsOf(rows[end - 1]!) === commit) end--;
      if (end === 0) {
        // The first commit alone spans more: take it whole.
        while (end < rows.length && commitTsOf(rows[end]!) === commit) end++;
      }
      return { rows: rows.slice(0, end), cut: end < rows.length };
    }
  }
  return { rows, cut: false };
}

/** Rows from before the dashboard carry no visit: look up the session's two views before each. */
async function withVisit(db: DatabaseReader, row: Doc<"pageViews">) {
  if (hasVisit(row)) return foldViewOf(row);
  const [prev, prevPrev] = await db
    .query("pageViews")
    .withIndex("by_sessionId_and_timestamp", (q) => q.eq("sessionId", row.sessionId).lt("timestamp", row.timestamp))
    .order("desc")
    .take(2);
  return foldViewOf(row, prev ?? null, prevPrev ?? null);
}

/**
 * Hourly buckets serve only the ranges within the last two days and the
 * periods they compare with, so they are kept for a week: a backfill of old
 * views writes day and month buckets only, and older hours are deleted.
 */
export const HOUR_RETENTION_MS = 7 * 24 * 3_600_000;
const HOUR_DELETE_BATCH = 100;

/** Folds events into hour (recent only), day and month buckets of the zone. */
export async function foldEvents(
  db: DatabaseReader,
  views: Doc<"pageViews">[],
  engagements: Doc<"engagements">[],
  timeZone: string,
  now: number,
): Promise<Fold> {
  const [hour, day, month] = zoneBucketings(["hour", "day", "month"], timeZone);
  const fold = new Fold([{ ...hour!, keepFrom: now - HOUR_RETENTION_MS }, day!, month!]);
  for (const row of views) fold.addView(await withVisit(db, row));
  for (const event of engagements) fold.addEngagement(event);
  return fold;
}

/** Stored rows plus new ones; values past the cap add up under OTHER_VALUE. `visitors` replaces a row's count. */
export function mergeRows(stored: RollupRow[], added: Iterable<RollupRow>, visitors: Map<string, number> = new Map()): RollupRow[] {
  const rows = new Map(stored.map((row) => [row.value, { ...row }]));
  for (const add of added) {
    let value = add.value;
    if (!rows.has(value) && rows.size >= MAX_ROWS_PER_BUCKET) value = OTHER_VALUE;
    let row = rows.get(value);
    if (row === undefined) {
      row = emptyRow(value);
      rows.set(value, row);
    }
    addRow(row, { ...add, value });
    const count = visitors.get(add.value);
    if (count !== undefined && value === add.value) row.visitors = count;
  }
  // Visit time is read from page cells only: bucket documents, rewritten whole, do not carry it.
  return [...rows.values()].map(({ visitEngagedMs: _cellsOnly, ...row }) => row);
}

type CellKey = { dimension: RollupDimension; value: string; period: Granularity; start: number };

/**
 * A set of more than VISITOR_APPEND_MIN hashes (or registers) takes new
 * hashes in a second document, up to a quarter of its own (at most
 * VISITOR_APPEND_MAX), before they are merged into it: a set up to 16 KiB
 * would otherwise be rewritten whole by every run that adds a visitor to it
 * (issue 23). Readers union every document of a key.
 */
export const VISITOR_APPEND_MIN = 64;
export const VISITOR_APPEND_MAX = 512;

const storedBytes = (doc: Doc<"dashboardVisitors">) => (doc.registers?.byteLength ?? 0) + (doc.hashes?.byteLength ?? 0);

/**
 * Merges a run's visitors of one row into its stored set and returns the new
 * count. Writes only the hashes that change the set: into the set itself
 * while it is small, else into a second, small document of appended hashes,
 * which is merged into the first once it passes VISITOR_APPEND_MAX.
 */
async function writeVisitors(ctx: MutationCtx, key: CellKey, added: Visitors): Promise<number> {
  const stored = await ctx.db
    .query("dashboardVisitors")
    .withIndex("by_dimension_and_value_and_period_and_start", (q) =>
      q.eq("dimension", key.dimension).eq("value", key.value).eq("period", key.period).eq("start", key.start),
    )
    .take(MAX_DOCS_PER_SET);
  // The largest document is the set; any other holds appends.
  stored.sort((a, b) => storedBytes(b) - storedBytes(a));
  const set = emptyVisitors();
  for (const doc of stored) mergeVisitors(set, fromStored(doc));
  const fresh: number[] = [];
  for (const hash of added.hashes) if (addHash(set, hash)) fresh.push(hash);
  // A fold's sets hold hashes only; registers from elsewhere are merged whole.
  const merged = added.registers !== null && mergeVisitors(set, { hashes: new Set(), registers: added.registers });
  const count = countVisitors(set).count;
  if (fresh.length === 0 && !merged) return count;
  const [main, appends, ...extra] = stored;
  if (main === undefined) {
    await ctx.db.insert("dashboardVisitors", { ...key, ...toStored(set) });
    return count;
  }
  const appended = appends === undefined ? fresh : [...fromStored(appends).hashes, ...fresh];
  const mainHashes = main.registers === undefined ? (main.hashes?.byteLength ?? 0) / 4 : 4 * VISITOR_APPEND_MAX;
  // The appended document stays smaller than the set, so the largest document is always the set.
  const room = mainHashes <= VISITOR_APPEND_MIN ? 0 : Math.min(VISITOR_APPEND_MAX, Math.max(VISITOR_APPEND_MIN, Math.floor(mainHashes / 4)));
  if (merged || extra.length > 0 || appended.length > room) {
    await ctx.db.replace("dashboardVisitors", main._id, { ...key, ...toStored(set) });
    for (const doc of [appends, ...extra]) if (doc !== undefined) await ctx.db.delete("dashboardVisitors", doc._id);
  } else {
    const hashes = Uint32Array.from(appended.sort((a, b) => a - b)).buffer;
    if (appends === undefined) await ctx.db.insert("dashboardVisitors", { ...key, hashes });
    else await ctx.db.replace("dashboardVisitors", appends._id, { ...key, hashes });
  }
  return count;
}

const ROW_FIELDS = ["views", "visitors", "visits", "nonBounces", "engagedMs", "continued", "completions", "newVisitors", "scrollSum", "scrollViews", "visitEngagedMs"] as const;

function sameRow(a: RollupRow, b: RollupRow): boolean {
  return ROW_FIELDS.every((field) => a[field] === b[field]);
}

async function writeCell(ctx: MutationCtx, key: Omit<CellKey, "value">, row: RollupRow, visitors: number | undefined) {
  const stored = await ctx.db
    .query("dashboardCells")
    .withIndex("by_dimension_and_value_and_period_and_start", (q) =>
      q.eq("dimension", key.dimension).eq("value", row.value).eq("period", key.period).eq("start", key.start),
    )
    .unique();
  const next = emptyRow(row.value);
  if (stored !== null) addRow(next, stored);
  addRow(next, row);
  next.visitors = visitors ?? stored?.visitors ?? 0;
  // A page's visit time equal to its own engaged time (visits of that page alone) is what its absence reads as.
  if (next.visitEngagedMs === next.engagedMs) next.visitEngagedMs = undefined;
  if (stored === null) await ctx.db.insert("dashboardCells", { ...key, ...next });
  // A report of 0 ms changes nothing: a patch would still write the whole cell.
  else if (!sameRow(stored, next)) await ctx.db.patch("dashboardCells", stored._id, next);
}

async function writeBucket(ctx: MutationCtx, acc: BucketAcc, openMonth: number): Promise<void> {
  const key = { dimension: acc.dimension, period: acc.period, start: acc.start };
  const visitors = new Map<string, number>();
  for (const [value, set] of acc.visitors) visitors.set(value, await writeVisitors(ctx, { ...key, value }, set));
  // Exit rows describe where visits ended, which later views move: no filter reads them.
  if (acc.dimension !== "exit") {
    for (const row of acc.rows.values()) await writeCell(ctx, key, row, visitors.get(row.value));
  }
  const stored = await ctx.db
    .query("dashboardRollups")
    .withIndex("by_dimension_and_period_and_start", (q) =>
      q.eq("dimension", acc.dimension).eq("period", acc.period).eq("start", acc.start),
    )
    .first();
  // An open month's counts live in its day documents until closeMonths writes it (once it is built, late folds merge in).
  if (acc.period === "month" && acc.start >= openMonth && stored === null) return;
  const packed = packBucketRows(mergeRows(stored === null ? [] : bucketRowsOf(stored), acc.rows.values(), visitors));
  if (stored?.packed !== undefined && samePacked(stored.packed, packed)) return;
  if (stored === null) await ctx.db.insert("dashboardRollups", { ...key, packed });
  else await ctx.db.patch("dashboardRollups", stored._id, { packed, rows: undefined, sketch: undefined });
}

export async function writeFold(ctx: MutationCtx, fold: Fold, openMonth: number): Promise<void> {
  const days = new Set<number>();
  for (const acc of fold.buckets.values()) {
    await writeBucket(ctx, acc, openMonth);
    if (acc.period === "day") days.add(acc.start);
  }
  await invalidateSummaries(ctx, days);
}

const ROLLUP_DIMENSIONS: RollupDimension[] = [...(Object.keys(FIELD_OF) as RollupDimension[]), "total"];

/**
 * The current month's bucket documents would be rewritten whole by every
 * run, the largest writes of all (issue 23), so the month stays open: its
 * counts come from its day documents (readBuckets). Once a month has closed,
 * this writes its documents from its days, one dimension per run (a month
 * of a dimension's days is up to 31 documents of tens of kilobytes), then
 * moves on. Returns the first month still open.
 */
export async function closeMonths(ctx: MutationCtx, open: number | undefined, now: number, timeZone: string): Promise<number> {
  const current = bucketStart("month", now, timeZone);
  if (open === undefined) {
    // First run under this rule: the current month's documents stop being kept up, so they go; its days hold it all.
    const kept = await ctx.db
      .query("dashboardRollups")
      .withIndex("by_period_and_start", (q) => q.eq("period", "month").gte("start", current))
      .take(4 * ROLLUP_DIMENSIONS.length);
    for (const doc of kept) await ctx.db.delete("dashboardRollups", doc._id);
    return current;
  }
  if (open >= current) return open;
  const next = addBuckets("month", open, 1, timeZone);
  for (const dimension of ROLLUP_DIMENSIONS) {
    const byDimension = (period: Granularity) =>
      ctx.db
        .query("dashboardRollups")
        .withIndex("by_dimension_and_period_and_start", (q) => q.eq("dimension", dimension).eq("period", period).gte("start", open).lt("start", next));
    if ((await byDimension("month").first()) !== null) continue;
    const days = await byDimension("day").take(32);
    const merged = new Map<string, RollupRow>();
    for (const day of days) {
      for (const row of bucketRowsOf(day)) {
        const into = merged.get(row.value) ?? emptyRow(row.value);
        addRow(into, row);
        merged.set(row.value, into);
      }
    }
    // Visitors of a month are its sets' counts, not the days' sum.
    const visitors = new Map<string, number>();
    for (const value of merged.keys()) {
      const docs = await ctx.db
        .query("dashboardVisitors")
        .withIndex("by_dimension_and_value_and_period_and_start", (q) =>
          q.eq("dimension", dimension).eq("value", value).eq("period", "month").eq("start", open),
        )
        .take(MAX_DOCS_PER_SET);
      // A set and its appended hashes (writeVisitors).
      const set = emptyVisitors();
      for (const doc of docs) mergeVisitors(set, fromStored(doc));
      if (docs.length > 0) visitors.set(value, countVisitors(set).count);
    }
    const packed = packBucketRows(mergeRows([], merged.values(), visitors));
    await ctx.db.insert("dashboardRollups", { dimension, period: "month", start: open, packed });
    return open;
  }
  return next;
}

/** Deletes a batch of hourly buckets past their retention. */
export async function dropOldHours(ctx: MutationCtx, now: number): Promise<void> {
  const before = now - HOUR_RETENTION_MS - 3_600_000;
  for (const table of ROLLUP_TABLES) {
    const old = await ctx.db
      .query(table)
      .withIndex("by_period_and_start", (q) => q.eq("period", "hour").lt("start", before))
      .take(HOUR_DELETE_BATCH);
    for (const doc of old) await ctx.db.delete(table, doc._id);
  }
}

const ROLLUP_TABLES = ["dashboardRollups", "dashboardCells", "dashboardVisitors"] as const;

/** Earliest view timestamp of a batch, or the stored one. */
export function firstViewOf(state: RollupState | null, views: Doc<"pageViews">[]): number | null {
  let first = state?.firstView ?? null;
  for (const view of views) if (first === null || view.timestamp < first) first = view.timestamp;
  return first;
}

/**
 * When SITE_TIME_ZONE changed, the stored buckets are cut in the old zone:
 * delete them a batch at a time, then start over from the first event.
 * Returns true while there is more to delete.
 */
export async function rebuildIfZoneChanged(ctx: MutationCtx, state: RollupState | null): Promise<"none" | "more" | "reset"> {
  const timeZone = siteTimeZone();
  if (state === null || state.timeZone === timeZone) return "none";
  for (const table of [...ROLLUP_TABLES, ...SUMMARY_TABLES]) {
    const stale = await ctx.db.query(table).take(REBUILD_DELETE_BATCH);
    for (const doc of stale) await ctx.db.delete(table, doc._id);
    if (stale.length === REBUILD_DELETE_BATCH) return "more";
  }
  await ctx.db.patch("dashboardRollupState", state._id, {
    viewsWatermark: null,
    engagementsWatermark: null,
    timeZone,
    firstView: null,
    lastRunAt: null,
    chainUntil: null,
    openMonth: undefined,
  });
  return "reset";
}
