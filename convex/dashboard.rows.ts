// How a bucket document stores its rows (issue 23). As an array of objects
// each row repeats its nine field names, about 160 bytes besides its value,
// and every run that touches a bucket rewrites the whole document: packed,
// a row is its value plus 40 bytes, so both the run's writes and a panel's
// reads shrink. Documents written before keep `rows` and are read as they
// are; the next fold into one rewrites it packed.
// Pure; the second dot keeps it from being a Convex module.
import type { Doc } from "./_generated/dataModel";
import { emptyRow } from "./dashboard.fold";
import type { PackedBucketRows, RollupRow } from "./validators";

/** Whole counts per row, as uint32: a bucket's counts stay far below 2^32. Engaged ms can pass it: float64. */
const COUNTS = ["views", "visitors", "visits", "nonBounces", "continued", "completions", "newVisitors"] as const;

export function packBucketRows(rows: RollupRow[]): PackedBucketRows {
  const counts = new Uint32Array(rows.length * COUNTS.length);
  rows.forEach((row, i) => COUNTS.forEach((field, j) => (counts[i * COUNTS.length + j] = row[field])));
  const packed: PackedBucketRows = {
    values: rows.map((row) => row.value),
    counts: counts.buffer,
    engaged: Float64Array.from(rows, (row) => row.engagedMs).buffer,
  };
  // Scroll depth's sum is of shares, not whole numbers; only page rows have one.
  if (rows.some((row) => row.scrollSum !== undefined || row.scrollViews !== undefined)) {
    packed.scroll = Float64Array.from(rows.flatMap((row) => [row.scrollSum ?? 0, row.scrollViews ?? 0])).buffer;
  }
  return packed;
}

export function unpackBucketRows({ values, counts, engaged, scroll }: PackedBucketRows): RollupRow[] {
  const numbers = new Uint32Array(counts.slice(0));
  const engagedMs = new Float64Array(engaged.slice(0));
  const scrolls = scroll === undefined ? null : new Float64Array(scroll.slice(0));
  return values.map((value, i) => {
    const row = emptyRow(value);
    COUNTS.forEach((field, j) => (row[field] = numbers[i * COUNTS.length + j]!));
    row.engagedMs = engagedMs[i]!;
    const scrollSum = scrolls?.[2 * i] ?? 0;
    const scrollViews = scrolls?.[2 * i + 1] ?? 0;
    // A row that never had a depth stays without the fields, as it was folded.
    if (scrollSum !== 0 || scrollViews !== 0) {
      row.scrollSum = scrollSum;
      row.scrollViews = scrollViews;
    }
    return row;
  });
}

function sameBytes(a: ArrayBuffer | undefined, b: ArrayBuffer | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  return x.every((byte, i) => byte === y[i]);
}

/** True when two packed forms hold the same rows in the same order: rewriting one with the other would change nothing. */
export function samePacked(a: PackedBucketRows, b: PackedBucketRows): boolean {
  return (
    a.values.length === b.values.length &&
    a.values.every((value, i) => value === b.values[i]) &&
    sameBytes(a.counts, b.counts) &&
    sameBytes(a.engaged, b.engaged) &&
    sameBytes(a.scroll, b.scroll)
  );
}

/** A bucket document's rows, in either stored form. */
export function bucketRowsOf(doc: Pick<Doc<"dashboardRollups">, "rows" | "packed">): RollupRow[] {
  if (doc.packed !== undefined) return unpackBucketRows(doc.packed);
  return doc.rows ?? [];
}
