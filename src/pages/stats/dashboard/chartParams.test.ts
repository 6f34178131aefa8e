import { describe, expect, it } from "vitest";
import { customRangeError, dayInZone, parseChartParams, writeChartParams } from "./chartParams";

describe("chart parameters in the URL", () => {
  it("reads the metric, interval, comparison and custom days, ignoring unknown values", () => {
    expect(parseChartParams(new URLSearchParams("metric=bounceRate&interval=week&compare=year&from=2025-03-01&to=2025-03-09"))).toEqual({
      metric: "bounceRate",
      interval: "week",
      compare: "year",
      custom: { from: "2025-03-01", to: "2025-03-09" },
    });
    expect(parseChartParams(new URLSearchParams("metric=money&interval=decade&compare=never&from=2025-03-01&to=soon"))).toEqual({
      metric: "visitors",
      interval: null,
      compare: "previous",
      custom: null,
    });
  });

  it("leaves defaults out, keeps other parameters, and a custom range replaces the named one", () => {
    const base = new URLSearchParams("range=30d&country=DE");
    expect(writeChartParams(base, { metric: "visitors", interval: null, compare: "previous", custom: null }).toString()).toBe("range=30d&country=DE");
    expect(
      writeChartParams(base, { metric: "views", interval: "day", compare: "none", custom: { from: "2025-03-01", to: "2025-03-02" } }).toString(),
    ).toBe("country=DE&metric=views&interval=day&compare=none&from=2025-03-01&to=2025-03-02");
  });
});

describe("customRangeError", () => {
  const today = "2025-03-10";
  it("accepts a range of past days, one day included", () => {
    expect(customRangeError({ from: "2025-03-01", to: "2025-03-10" }, today)).toBeNull();
    expect(customRangeError({ from: "2025-03-10", to: "2025-03-10" }, today)).toBeNull();
  });

  it("names the field and the reason", () => {
    expect(customRangeError({ from: "", to: "2025-03-10" }, today)).toEqual({ field: "from", message: "Enter a start date." });
    expect(customRangeError({ from: "2025-03-05", to: "2025-03-04" }, today)?.message).toBe("The end date is before the start date.");
    expect(customRangeError({ from: "2025-03-05", to: "2025-03-11" }, today)?.field).toBe("to");
    expect(customRangeError({ from: "2025-03-11", to: "2025-03-12" }, today)?.field).toBe("from");
    expect(customRangeError({ from: "1999-12-31", to: "2025-03-01" }, today)?.field).toBe("from");
  });
});

describe("dayInZone", () => {
  it("gives the site's day, not the browser's", () => {
    const lateUtc = Date.UTC(2025, 2, 9, 23, 30);
    expect(dayInZone(lateUtc, "UTC")).toBe("2025-03-09");
    expect(dayInZone(lateUtc, "Europe/Berlin")).toBe("2025-03-10");
  });
});
