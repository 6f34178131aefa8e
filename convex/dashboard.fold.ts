// How view and engagement events add up to per-bucket, per-value counts. One
// pure fold serves the rollup (stored documents), the live tail the queries
// add on top, and the raw events a filtered query reads.
// The second dot keeps it from being a Convex module.
import type { Doc } from "./_generated/dataModel";
import { bucketStart } from "./dashboard.time";
import { addToSketch, emptySketch, mergeInto, type Sketch } from "./dashboard.hll";
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
const VISIT_DIMENSIONS = ["source", "channel", "sourceHost", "utmSource", "utmMedium", "utmCampaign", "device", "browser", "os", "country"] as const;

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
  dims: EventDimensions;
};

export type FoldEngagement = Pick<Doc<"engagements">, "path" | "timestamp" | "engagedMs" | "clearsBounce" | "completes">;

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

/** Decides whether a view adds a visitor to a value's row of a bucket. */
export type VisitorRule = (view: FoldView, b: Bucketing, start: number, dimension: RollupDimension, value: string) => boolean;

/** From the view's own markers: its session's (or, for pages, its path's) previous view fell in another bucket. */
export const markerVisitors: VisitorRule = (view, b, start, dimension) => {
  const previous = dimension === "page" ? view.prevPathTs : view.prevTs;
  return previous === null || b.startOf(previous) !== start;
};

/** Exact distinct sessions, for a bounded list of raw events. */
export function distinctVisitors(): VisitorRule {
  const seen = new Set<string>();
  return (view, b, start, dimension, value) => {
    const key = `${b.period}|${start}|${dimension}|${value}|${view.sessionId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

export type BucketAcc = {
  period: Granularity;
  start: number;
  dimension: RollupDimension;
  rows: Map<string, RollupRow>;
  sketch: Sketch | null;
};

export function emptyRow(value: string): RollupRow {
  return { value, views: 0, visitors: 0, visits: 0, nonBounces: 0, engagedMs: 0, continued: 0, completions: 0, newVisitors: 0 };
}

export function addRow(into: RollupRow, add: RollupRow): void {
  into.views += add.views;
  into.visitors += add.visitors;
  into.visits += add.visits;
  into.nonBounces += add.nonBounces;
  into.engagedMs += add.engagedMs;
  into.continued += add.continued;
  into.completions += add.completions;
  into.newVisitors += add.newVisitors;
}

/** Per-bucket counts being built; keyed by period, start and dimension. */
export class Fold {
  readonly buckets = new Map<string, BucketAcc>();

  constructor(
    private readonly bucketings: Bucketing[],
    private readonly visitorRule: VisitorRule,
    private readonly withSketches: boolean,
  ) {}

  bucket(period: Granularity, start: number, dimension: RollupDimension): BucketAcc {
    const key = `${period}|${start}|${dimension}`;
    let acc = this.buckets.get(key);
    if (acc === undefined) {
      acc = { period, start, dimension, rows: new Map(), sketch: null };
      this.buckets.set(key, acc);
    }
    return acc;
  }

  private row(acc: BucketAcc, value: string): RollupRow {
    let row = acc.rows.get(value);
    if (row === undefined) {
      if (acc.rows.size >= MAX_ROWS_PER_BUCKET && !acc.rows.has(OTHER_VALUE)) value = OTHER_VALUE;
      row = acc.rows.get(value) ?? emptyRow(value);
      acc.rows.set(value, row);
    }
    return row;
  }

  addView(view: FoldView): void {
    const entry = view.entry ? 1 : 0;
    for (const b of this.bucketings) {
      if (b.keepFrom !== undefined && view.timestamp < b.keepFrom) continue;
      const start = b.startOf(view.timestamp);
      const visitor = (dimension: RollupDimension, value: string) =>
        this.visitorRule(view, b, start, dimension, value) ? 1 : 0;

      const totalAcc = this.bucket(b.period, start, "total");
      const total = this.row(totalAcc, "");
      total.views += 1;
      total.visits += entry;
      total.visitors += visitor("total", "");
      total.newVisitors += view.newVisitor ? 1 : 0;
      if (this.withSketches) {
        totalAcc.sketch ??= emptySketch();
        addToSketch(totalAcc.sketch, view.sessionId);
      }
      if (view.clearsBounce) this.row(this.bucket(b.period, b.startOf(view.visitStart), "total"), "").nonBounces += 1;

      const page = this.row(this.bucket(b.period, start, "page"), view.path);
      page.views += 1;
      page.visitors += visitor("page", view.path);

      if (view.entry) {
        const entryRow = this.row(this.bucket(b.period, start, "entry"), view.path);
        entryRow.views += 1;
        entryRow.visits += 1;
      }
      this.row(this.bucket(b.period, start, "exit"), view.path).views += 1;
      if (view.prevPath !== null && view.prevTs !== null && (b.keepFrom === undefined || view.prevTs >= b.keepFrom)) {
        this.row(this.bucket(b.period, b.startOf(view.prevTs), "exit"), view.prevPath).continued += 1;
      }

      for (const dimension of VISIT_DIMENSIONS) {
        const value = view.dims[FIELD_OF[dimension] as keyof EventDimensions] ?? "";
        const row = this.row(this.bucket(b.period, start, dimension), value);
        row.views += 1;
        row.visits += entry;
        row.visitors += visitor(dimension, value);
      }
    }
  }

  addEngagement(event: FoldEngagement): void {
    for (const b of this.bucketings) {
      if (b.keepFrom !== undefined && event.timestamp < b.keepFrom) continue;
      const start = b.startOf(event.timestamp);
      const total = this.row(this.bucket(b.period, start, "total"), "");
      total.engagedMs += event.engagedMs;
      if (event.clearsBounce) total.nonBounces += 1;
      const page = this.row(this.bucket(b.period, start, "page"), event.path);
      page.engagedMs += event.engagedMs;
      if (event.completes) page.completions += 1;
    }
  }
}

/** Adds stored (or other folded) counts into an accumulator. */
export function mergeBucket(into: BucketAcc, rows: RollupRow[], sketch: Sketch | null): void {
  for (const add of rows) {
    let row = into.rows.get(add.value);
    if (row === undefined) {
      row = emptyRow(add.value);
      into.rows.set(add.value, row);
    }
    addRow(row, add);
  }
  if (sketch !== null) {
    into.sketch ??= emptySketch();
    mergeInto(into.sketch, sketch);
  }
}
