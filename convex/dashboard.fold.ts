// How view and engagement events add up to per-bucket, per-value counts. One
// pure fold serves the rollup (stored documents), the live tail the queries
// add on top, and the raw events a filtered query reads.
// The second dot keeps it from being a Convex module.
import type { Doc } from "./_generated/dataModel";
import { bucketStart } from "./dashboard.time";
import { addHash, countVisitors, emptyVisitors, visitorHash, type Visitors } from "./dashboard.hll";
import { VISIT_GAP_MS } from "./stats.visit";
import type { EventDimensions, Granularity, RollupDimension, RollupRow, StatsDimension } from "./validators";

/** Values kept per bucket and dimension; later ones add up under OTHER_VALUE. */
export const MAX_ROWS_PER_BUCKET = 600;
export const OTHER_VALUE = "(other)";

/** The event field each dimension reads. Exit pages are views' paths; see prds/stats.md. */
export const FIELD_OF: Record<StatsDimension, keyof EventDimensions | "path"> = {
  page: "path",
  entry: "entryPath",
  exit: "path",
  source: "source",
  channel: "channel",
  sourceHost: "referrerHost",
  utmSource: "utmSource",
  utmMedium: "utmMedium",
  utmCampaign: "utmCampaign",
  device: "device",
  browser: "browser",
  os: "os",
  country: "country",
};
/** Dimensions that describe the visit or the reader, counted per view. */
const VISIT_DIMENSIONS = ["entry", "source", "channel", "sourceHost", "utmSource", "utmMedium", "utmCampaign", "device", "browser", "os", "country"] as const;

/** A view with its visit worked out, whatever its row's age. */
export type FoldView = {
  path: string;
  sessionId: string;
  timestamp: number;
  newVisitor: boolean;
  entry: boolean;
  visitStart: number;
  prevTs: number | null;
  prevPath: string | null;
  prevPathTs: number | null;
  clearsBounce: boolean;
  /** On a visit's first view of its path: the visit's engaged time reported before it (0 when none or not stored). */
  visitEngagedMs: number;
  dims: EventDimensions;
};

export type FoldEngagement = Omit<Doc<"engagements">, "_id" | "_creationTime" | "commitTs" | "sessionId" | "sentAt">;

function dimsOf(row: Doc<"pageViews">): EventDimensions {
  const { referrerHost, utmSource, utmMedium, utmCampaign, device, browser, os, country, entryPath } = row;
  // Rows from before named sources (issue 17) keep their raw host as their source.
  const { source = referrerHost, channel } = row;
  return { referrerHost, source, channel, utmSource, utmMedium, utmCampaign, device, browser, os, country, entryPath };
}

/** True for rows recorded since the dashboard: they carry their visit. */
export function hasVisit(row: Doc<"pageViews">): boolean {
  return row.visitStart !== undefined;
}

/**
 * A row's visit. Rows from before the dashboard carry none: `prev` and
 * `prevPrev` are the session's two views before it, which the rollup looks up.
 */
export function foldViewOf(
  row: Doc<"pageViews">,
  prev: Doc<"pageViews"> | null = null,
  prevPrev: Doc<"pageViews"> | null = null,
): FoldView {
  const base = { path: row.path, sessionId: row.sessionId, timestamp: row.timestamp, newVisitor: row.newVisitor, dims: dimsOf(row) };
  if (row.visitStart !== undefined) {
    return {
      ...base,
      entry: row.visitStart === row.timestamp,
      visitStart: row.visitStart,
      prevTs: row.prevTs ?? null,
      prevPath: row.prevPath ?? null,
      prevPathTs: row.prevPathTs ?? null,
      clearsBounce: row.clearsBounce === true,
      visitEngagedMs: row.visitEngagedMs ?? 0,
    };
  }
  const continues = prev !== null && row.timestamp - prev.timestamp < VISIT_GAP_MS;
  const prevIsEntry = prev !== null && (prevPrev === null || prev.timestamp - prevPrev.timestamp >= VISIT_GAP_MS);
  return {
    ...base,
    entry: !continues,
    visitStart: continues ? prev.timestamp : row.timestamp,
    prevTs: prev?.timestamp ?? null,
    prevPath: continues ? prev.path : null,
    // Old rows cannot tell when the session last saw this path; the previous view is the best guess.
    prevPathTs: prev !== null && prev.path === row.path ? prev.timestamp : null,
    clearsBounce: continues && prevIsEntry,
    visitEngagedMs: 0,
    dims: { ...base.dims, entryPath: continues ? undefined : row.path },
  };
}

export type Bucketing = {
  period: Granularity;
  startOf: (ts: number) => number;
  /** Events before this are not counted in these buckets (hourly detail is kept for recent days only). */
  keepFrom?: number;
};

/** Every zone's offset is a multiple of 15 minutes, so bucket edges fall on this UTC grid. */
const QUARTER_HOUR_MS = 15 * 60_000;

export function zoneBucketings(periods: Granularity[], timeZone: string): Bucketing[] {
  return periods.map((period) => {
    // Intl is slow next to the fold itself: one lookup per quarter hour seen.
    const starts = new Map<number, number>();
    return {
      period,
      startOf: (ts) => {
        const quarter = Math.floor(ts / QUARTER_HOUR_MS);
        let start = starts.get(quarter);
        if (start === undefined) {
          start = bucketStart(period, quarter * QUARTER_HOUR_MS, timeZone);
          starts.set(quarter, start);
        }
        return start;
      },
    };
  });
}

export type BucketAcc = {
  period: Granularity;
  start: number;
  dimension: RollupDimension;
  rows: Map<string, RollupRow>;
  /** Each row's visitors seen by this fold (the stored sets are merged in when written or read). */
  visitors: Map<string, Visitors>;
  /** Read from day documents: its rows' visitors are per-day sums, to be recounted from the sets. */
  recount?: boolean;
};

export function emptyRow(value: string): RollupRow {
  return { value, views: 0, visitors: 0, visits: 0, nonBounces: 0, engagedMs: 0, continued: 0, completions: 0, newVisitors: 0 };
}

export function addRow(into: RollupRow, add: RollupRow): void {
  into.views += add.views;
  into.visitors += add.visitors;
  into.visits += add.visits;
  into.nonBounces += add.nonBounces;
  into.continued += add.continued;
  into.completions += add.completions;
  into.newVisitors += add.newVisitors;
  // Page cells' visit time; a row stored before it was kept counts its own engaged time, as it did then.
  if (into.visitEngagedMs !== undefined || add.visitEngagedMs !== undefined) {
    into.visitEngagedMs = (into.visitEngagedMs ?? into.engagedMs) + (add.visitEngagedMs ?? add.engagedMs);
  }
  into.engagedMs += add.engagedMs;
  // Optional, so rows stored before scroll depth need no migration.
  if (add.scrollViews !== undefined || add.scrollSum !== undefined) {
    into.scrollSum = (into.scrollSum ?? 0) + (add.scrollSum ?? 0);
    into.scrollViews = (into.scrollViews ?? 0) + (add.scrollViews ?? 0);
  }
}

/**
 * Per-bucket, per-value counts being built; keyed by period, start and
 * dimension. Every event counts in the bucket where its visit started, so a
 * visit across midnight is one visit of the first day, with all its views.
 * A row holds what a filter on its value shows: the views, visits, bounces and
 * engaged time of the visits that match it. For a page, those are the visits
 * that include the page; a visit counts once, at its first view of the page.
 */
export class Fold {
  readonly buckets = new Map<string, BucketAcc>();

  constructor(private readonly bucketings: Bucketing[]) {}

  bucket(period: Granularity, start: number, dimension: RollupDimension): BucketAcc {
    const key = `${period}|${start}|${dimension}`;
    let acc = this.buckets.get(key);
    if (acc === undefined) {
      acc = { period, start, dimension, rows: new Map(), visitors: new Map() };
      this.buckets.set(key, acc);
    }
    return acc;
  }

  private cell(period: Granularity, start: number, dimension: RollupDimension, value: string, hash?: number): RollupRow {
    const acc = this.bucket(period, start, dimension);
    let row = acc.rows.get(value);
    if (row === undefined) {
      // A page's row also adds up the whole engaged time of the visits that include it.
      row = dimension === "page" ? { ...emptyRow(value), visitEngagedMs: 0 } : emptyRow(value);
      acc.rows.set(value, row);
    }
    if (hash !== undefined) {
      let set = acc.visitors.get(value);
      if (set === undefined) {
        set = emptyVisitors();
        acc.visitors.set(value, set);
      }
      addHash(set, hash);
      row.visitors = countVisitors(set).count;
    }
    return row;
  }

  addView(view: FoldView): void {
    const entry = view.entry ? 1 : 0;
    const nonBounce = view.clearsBounce ? 1 : 0;
    const hash = visitorHash(view.sessionId);
    const entryPath = view.dims.entryPath ?? (view.entry ? view.path : "");
    for (const b of this.bucketings) {
      if (b.keepFrom !== undefined && view.visitStart < b.keepFrom) continue;
      const start = b.startOf(view.visitStart);

      const total = this.cell(b.period, start, "total", "", hash);
      total.views += 1;
      total.visits += entry;
      total.nonBounces += nonBounce;
      total.newVisitors += view.newVisitor ? 1 : 0;

      const page = this.cell(b.period, start, "page", view.path, hash);
      page.views += 1;
      // The visit's first view of this page: the visit includes it from now on,
      // and with any view before this one it is not a bounce.
      if (view.prevPathTs === null || view.prevPathTs < view.visitStart) {
        page.visits += 1;
        if (!view.entry) page.nonBounces += 1;
        // The visit's time reported before this view; reports after it list this page (addEngagement).
        page.visitEngagedMs = (page.visitEngagedMs ?? 0) + view.visitEngagedMs;
      }
      // The visit's second view clears the bounce of the page it entered at.
      if (view.clearsBounce && entryPath !== "") this.cell(b.period, start, "page", entryPath).nonBounces += 1;

      this.cell(b.period, start, "exit", view.path).views += 1;
      if (view.prevPath !== null) this.cell(b.period, start, "exit", view.prevPath).continued += 1;

      for (const dimension of VISIT_DIMENSIONS) {
        const value = dimension === "entry" ? entryPath : (view.dims[FIELD_OF[dimension] as keyof EventDimensions] ?? "");
        const row = this.cell(b.period, start, dimension, value, hash);
        row.views += 1;
        row.visits += entry;
        row.nonBounces += nonBounce;
      }
    }
  }

  addEngagement(event: FoldEngagement): void {
    const visitStart = event.visitStart ?? event.timestamp;
    const nonBounce = event.clearsBounce ? 1 : 0;
    const dims: EventDimensions = event;
    for (const b of this.bucketings) {
      if (b.keepFrom !== undefined && visitStart < b.keepFrom) continue;
      const start = b.startOf(visitStart);
      const total = this.cell(b.period, start, "total", "");
      total.engagedMs += event.engagedMs;
      total.nonBounces += nonBounce;
      const page = this.cell(b.period, start, "page", event.path);
      page.engagedMs += event.engagedMs;
      // Every page the visit had viewed when this was reported; a report from before the lists, its own page.
      for (const path of new Set(event.visitPaths ?? [event.path])) {
        const row = this.cell(b.period, start, "page", path);
        row.visitEngagedMs = (row.visitEngagedMs ?? 0) + event.engagedMs;
      }
      page.nonBounces += nonBounce;
      if (event.completes) page.completions += 1;
      if (event.scrollDelta !== undefined) addRow(page, { ...emptyRow(event.path), scrollSum: event.scrollDelta, scrollViews: event.scrollStarts ? 1 : 0 });
      for (const dimension of VISIT_DIMENSIONS) {
        const value = dims[FIELD_OF[dimension] as keyof EventDimensions] ?? "";
        const row = this.cell(b.period, start, dimension, value);
        row.engagedMs += event.engagedMs;
        row.nonBounces += nonBounce;
      }
    }
  }
}

/** Adds stored (or other folded) counts into an accumulator. */
export function mergeBucket(into: BucketAcc, rows: Iterable<RollupRow>): void {
  for (const add of rows) {
    let row = into.rows.get(add.value);
    if (row === undefined) {
      row = emptyRow(add.value);
      into.rows.set(add.value, row);
    }
    addRow(row, add);
  }
}
