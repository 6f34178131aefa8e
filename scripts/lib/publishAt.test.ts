import { expect, test } from "vitest";
import { publishInstant, zonedTime } from "./publishAt";

test("a date starts at midnight in the site's time zone", () => {
  expect(publishInstant("UTC", "2026-03-01")).toBe(Date.UTC(2026, 2, 1));
  expect(publishInstant("Europe/Paris", "2026-01-15")).toBe(Date.UTC(2026, 0, 14, 23));
  expect(publishInstant("Europe/Paris", "2026-07-15")).toBe(Date.UTC(2026, 6, 14, 22));
  expect(publishInstant("America/New_York", "2026-01-15")).toBe(Date.UTC(2026, 0, 15, 5));
});

test("publishAt gives the time of day", () => {
  expect(publishInstant("UTC", "2026-03-01", "2026-03-02T09:30")).toBe(Date.UTC(2026, 2, 2, 9, 30));
  expect(publishInstant("Asia/Kolkata", "2026-03-01", "2026-03-01T09:30")).toBe(Date.UTC(2026, 2, 1, 4, 0));
});

test("publishAt may name the second", () => {
  expect(publishInstant("UTC", "2026-03-01", "2026-03-02T09:30:15")).toBe(Date.UTC(2026, 2, 2, 9, 30, 15));
  expect(publishInstant("Asia/Kolkata", "2026-03-01", "2026-03-01T09:30:59")).toBe(Date.UTC(2026, 2, 1, 4, 0, 59));
});

test("daylight-saving days", () => {
  // Paris springs forward at 02:00 on 2026-03-29: 03:00 is 01:00 UTC.
  expect(zonedTime("Europe/Paris", 2026, 3, 29, 3, 0)).toBe(Date.UTC(2026, 2, 29, 1, 0));
  // Falls back at 03:00 on 2026-10-25: 12:00 that day is 11:00 UTC.
  expect(zonedTime("Europe/Paris", 2026, 10, 25, 12, 0)).toBe(Date.UTC(2026, 9, 25, 11, 0));
});
