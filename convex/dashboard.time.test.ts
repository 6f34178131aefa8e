import { describe, expect, test } from "vitest";
import { addBuckets, bucketStart, bucketsBetween, offsetMs } from "./dashboard.time";

const BERLIN = "Europe/Berlin";
const H = 3_600_000;

describe("bucketStart in Europe/Berlin", () => {
  test("a day starts at local midnight: 23:00 UTC in winter, 22:00 UTC in summer", () => {
    expect(bucketStart("day", Date.UTC(2025, 0, 15, 12), BERLIN)).toBe(Date.UTC(2025, 0, 14, 23));
    expect(bucketStart("day", Date.UTC(2025, 6, 15, 12), BERLIN)).toBe(Date.UTC(2025, 6, 14, 22));
  });

  test("a view at 00:30 Berlin belongs to the new day, one at 23:30 to the old", () => {
    const midnight = Date.UTC(2025, 0, 14, 23);
    expect(bucketStart("day", midnight + 30 * 60_000, BERLIN)).toBe(midnight);
    expect(bucketStart("day", midnight - 30 * 60_000, BERLIN)).toBe(midnight - 24 * H);
  });

  test("the spring DST day has 23 hours and the autumn one 25", () => {
    const spring = bucketStart("day", Date.UTC(2025, 2, 30, 12), BERLIN);
    expect(spring).toBe(Date.UTC(2025, 2, 29, 23));
    expect(addBuckets("day", spring, 1, BERLIN) - spring).toBe(23 * H);
    expect(bucketsBetween("hour", spring, addBuckets("day", spring, 1, BERLIN), BERLIN)).toHaveLength(23);
    const autumn = bucketStart("day", Date.UTC(2025, 9, 26, 12), BERLIN);
    expect(autumn).toBe(Date.UTC(2025, 9, 25, 22));
    expect(addBuckets("day", autumn, 1, BERLIN) - autumn).toBe(25 * H);
    expect(bucketsBetween("hour", autumn, addBuckets("day", autumn, 1, BERLIN), BERLIN)).toHaveLength(25);
  });

  test("months start at local midnight of the 1st, across a DST change", () => {
    const march = bucketStart("month", Date.UTC(2025, 2, 31, 12), BERLIN);
    expect(march).toBe(Date.UTC(2025, 1, 28, 23));
    expect(addBuckets("month", march, 1, BERLIN)).toBe(Date.UTC(2025, 2, 31, 22));
    expect(addBuckets("month", march, -3, BERLIN)).toBe(Date.UTC(2024, 10, 30, 23));
  });

  test("offsets", () => {
    expect(offsetMs(Date.UTC(2025, 0, 1), BERLIN)).toBe(H);
    expect(offsetMs(Date.UTC(2025, 6, 1), BERLIN)).toBe(2 * H);
    expect(offsetMs(Date.UTC(2025, 6, 1), "UTC")).toBe(0);
  });
});

test("hours of a half-hour zone start at :00 local time", () => {
  // India is UTC+5:30 all year.
  expect(bucketStart("hour", Date.UTC(2025, 0, 1, 10, 10), "Asia/Kolkata")).toBe(Date.UTC(2025, 0, 1, 9, 30));
  expect(bucketStart("day", Date.UTC(2025, 0, 1, 10), "Asia/Kolkata")).toBe(Date.UTC(2024, 11, 31, 18, 30));
});

test("UTC days and months", () => {
  expect(bucketStart("day", Date.UTC(2025, 4, 5, 23, 59), "UTC")).toBe(Date.UTC(2025, 4, 5));
  expect(bucketStart("month", Date.UTC(2025, 4, 5, 23, 59), "UTC")).toBe(Date.UTC(2025, 4, 1));
  expect(addBuckets("day", Date.UTC(2025, 4, 5), -7, "UTC")).toBe(Date.UTC(2025, 3, 28));
});
