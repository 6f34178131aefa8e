import { expect, test } from "vitest";
import { HOUR_RETENTION_MS, MAX_BUCKETS_PER_RUN, MAX_CELLS_PER_RUN, mergeRows, withinBucketBudget } from "./dashboard.rollup";
import { emptyRow, MAX_ROWS_PER_BUCKET, OTHER_VALUE } from "./dashboard.fold";

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);
const row = (commit: number, timestamp: number, path = "/") => ({ commitTs: BigInt(commit), timestamp, path });

test("a backfill run stops between commits once it has touched its share of days", () => {
  const rows = Array.from({ length: 100 }, (_, i) => row(i + 1, NOW - 365 * DAY + i * DAY));
  const { rows: kept, cut } = withinBucketBudget(rows, NOW);
  expect(cut).toBe(true);
  expect(kept).toHaveLength(MAX_BUCKETS_PER_RUN);
});

test("recent views count their hour and their day", () => {
  const rows = Array.from({ length: 100 }, (_, i) => row(i + 1, NOW - 3 * DAY + i * 3_600_000));
  const { rows: kept } = withinBucketBudget(rows, NOW);
  expect(NOW - 3 * DAY).toBeGreaterThan(NOW - HOUR_RETENTION_MS);
  // 22 hours of one day plus that day: 23 keys; the next hour adds a day as well.
  expect(kept.length).toBeLessThan(MAX_BUCKETS_PER_RUN);
  expect(kept.length).toBeGreaterThan(MAX_BUCKETS_PER_RUN / 2 - 2);
});

test("one commit spanning more days is never split", () => {
  const rows = Array.from({ length: 60 }, (_, i) => row(1, NOW - 365 * DAY + i * DAY)).concat([row(2, NOW - DAY * 10)]);
  const { rows: kept, cut } = withinBucketBudget(rows, NOW);
  expect(kept).toHaveLength(60);
  expect(cut).toBe(true);
});

test("a batch within budget is kept whole", () => {
  const rows = Array.from({ length: 500 }, (_, i) => row(i + 1, NOW - 30 * DAY + i * 1_000));
  expect(withinBucketBudget(rows, NOW)).toEqual({ rows, cut: false });
});

test("values past the cap add up under (other)", () => {
  const stored = Array.from({ length: MAX_ROWS_PER_BUCKET }, (_, i) => ({ ...emptyRow(`v${i}`), views: 1 }));
  const merged = mergeRows(stored, [{ ...emptyRow("v1"), views: 2 }, { ...emptyRow("new-a"), views: 3 }, { ...emptyRow("new-b"), views: 4 }]);
  expect(merged.find((r) => r.value === "v1")!.views).toBe(3);
  expect(merged.find((r) => r.value === OTHER_VALUE)!.views).toBe(7);
  expect(merged).toHaveLength(MAX_ROWS_PER_BUCKET + 1);
});

test("a run stops between commits once it has touched its share of cells (values and buckets)", () => {
  // One day, a new page and a new source on every view.
  const rows = Array.from({ length: 2_000 }, (_, i) => ({ ...row(i + 1, NOW - 20 * DAY + i, `/p-${i}`), referrerHost: `s${i}.example` }));
  const { rows: kept, cut } = withinBucketBudget(rows, NOW);
  expect(cut).toBe(true);
  // Two periods (day, month) and two new values per view.
  expect(kept.length).toBeLessThanOrEqual(MAX_CELLS_PER_RUN / 4);
  expect(kept.length).toBeGreaterThan(MAX_CELLS_PER_RUN / 4 - 10);
});
