import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { DAY_MS, pointOf, series, SERIES_START } from "../../../components/testing/dashboardFixtures";
import { chartTicks, niceMax, pastOnly } from "./chartScale";
import { TrafficChart } from "./TrafficChart";
import type { DashboardSeries } from "./types";

const dayLabel = (start: number) =>
  new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" }).format(
    start,
  );

function chart() {
  return screen.getByRole("group", { name: /Visitors per day/ });
}

const ruleLabels = (container: HTMLElement) =>
  [...container.querySelectorAll(".dash-chart__grid text")].map((t) => t.textContent);

describe("TrafficChart", () => {
  it("draws the metric's line and the previous period as a dotted line, the axis in round counts", () => {
    const { container } = render(<TrafficChart series={series} />);
    const line = container.querySelector("polyline.dash-chart__line:not(.dash-chart__line--previous)")!;
    expect(line.getAttribute("points")!.split(" ")).toHaveLength(series.points.length);
    const previous = container.querySelector("polyline.dash-chart__line--previous")!;
    expect(previous.getAttribute("points")!.split(" ")).toHaveLength(series.points.length);
    expect(ruleLabels(container)).toEqual(["0", "250", "500"]);
  });

  it("charts bounce rate in percent, duration in time, views per visit in decimals", () => {
    const { container, rerender } = render(<TrafficChart series={series} metric="bounceRate" />);
    expect(screen.getByRole("group", { name: /Bounce rate per day/ })).toBeDefined();
    expect(ruleLabels(container)).toEqual(["0%", "25%", "50%"]);
    rerender(<TrafficChart series={series} metric="visitDurationMs" />);
    expect(ruleLabels(container)).toEqual(["0s", "25s", "50s"]);
    rerender(<TrafficChart series={series} metric="viewsPerVisit" />);
    expect(ruleLabels(container)).toEqual(["0", "2.5", "5"]);
  });

  it("breaks a rate's line where a bucket has no visits", () => {
    const gap = { ...series, previous: null, points: series.points.map((p, i) => (i === 3 ? { ...p, visits: 0, bounces: 0, engagedMs: 0 } : p)) };
    const { container } = render(<TrafficChart series={gap} metric="bounceRate" />);
    expect(container.querySelectorAll("polyline.dash-chart__line")).toHaveLength(2);
  });

  it("shows a bucket's values on keyboard focus and moves with the arrow keys", () => {
    render(<TrafficChart series={series} />);
    const plot = chart();
    expect(plot.getAttribute("tabindex")).toBe("0");
    fireEvent.focus(plot);
    const tip = plot.querySelector("[aria-live='polite']")!;
    const last = series.points.at(-1)!;
    expect(tip.textContent).toContain(dayLabel(last.start));
    expect(tip.textContent).toContain(`Visitors: ${last.visitors}`);
    const before = series.previous!.at(-1)!;
    expect(tip.textContent).toContain(`Previous period (${dayLabel(before.start)}): ${before.visitors}`);

    fireEvent.keyDown(plot, { key: "Home" });
    expect(tip.textContent).toContain(dayLabel(SERIES_START));
    fireEvent.keyDown(plot, { key: "ArrowRight" });
    fireEvent.keyDown(plot, { key: "ArrowRight" });
    fireEvent.keyDown(plot, { key: "ArrowRight" });
    expect(tip.textContent).toContain(dayLabel(SERIES_START + 3 * DAY_MS));
    expect(tip.textContent).toContain("Published: How the live stats work");
    fireEvent.keyDown(plot, { key: "ArrowLeft" });
    expect(tip.textContent).not.toContain("Published");
    fireEvent.keyDown(plot, { key: "Home" });
    fireEvent.keyDown(plot, { key: "ArrowLeft" });
    expect(tip.textContent).toContain(dayLabel(SERIES_START));

    fireEvent.blur(plot);
    expect(tip.textContent).toBe("");
  });

  it("shows values on hover, from the pointer's position", () => {
    const { container } = render(<TrafficChart series={series} />);
    const svg = container.querySelector("svg")!;
    svg.getBoundingClientRect = () => ({
      left: 0,
      top: 0,
      width: 640,
      height: 220,
      right: 640,
      bottom: 220,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
    // 640 px wide, 52 px left padding, 8 right: 7 buckets of 82.9 px; 52 + 83 * 1.5 is inside the second.
    fireEvent.pointerMove(svg, { clientX: 52 + 83 * 1.5, clientY: 100 });
    const tip = chart().querySelector("[aria-live='polite']")!;
    expect(tip.textContent).toContain(dayLabel(SERIES_START + DAY_MS));
    fireEvent.pointerLeave(svg);
    expect(tip.textContent).toBe("");
  });

  it("gives screen readers every value in a table", () => {
    render(<TrafficChart series={series} />);
    const table = screen.getByRole("table", { name: "Visitors per day" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(series.points.length);
    expect(
      within(rows[3]!)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual([String(series.points[3]!.visitors), String(series.previous![3]!.visitors), "How the live stats work"]);
    expect(within(rows[0]!).getByRole("rowheader").textContent).toBe(dayLabel(SERIES_START));
  });

  it("labels hourly buckets in the site's time zone", () => {
    const start = Date.UTC(2025, 2, 30, 0); // 01:00 in Berlin, an hour before the change to summer time
    const hourly: DashboardSeries = {
      granularity: "hour",
      intervals: ["hour"],
      timeZone: "Europe/Berlin",
      points: [0, 1, 2].map((i) => pointOf(start + i * 3_600_000, i)),
      compare: "none",
      previous: null,
      published: [],
      visitorsApproximate: false,
      sampleVisits: null,
      catchingUp: false,
    };
    render(<TrafficChart series={hourly} />);
    const table = screen.getByRole("table", { name: "Visitors per hour" });
    const hours = within(table)
      .getAllByRole("rowheader")
      .map((h) => h.textContent);
    const berlin = new Intl.DateTimeFormat(undefined, {
      weekday: "short",
      hour: "numeric",
      minute: "2-digit",
      timeZone: "Europe/Berlin",
    });
    expect(hours).toEqual(hourly.points.map((p) => berlin.format(p.start)));
    // 01:00, then 03:00: the clocks skipped 02:00.
    expect(new Set(hours).size).toBe(3);
  });
});

describe("chartTicks", () => {
  it("keeps gridlines on whole numbers", () => {
    expect(chartTicks(1)).toEqual([0, 1]);
    expect(chartTicks(5)).toEqual([0, 5]);
    expect(chartTicks(10)).toEqual([0, 5, 10]);
  });

  it("labels an empty range's axis 0 and 1, without 0.5", () => {
    const flat = { ...series, previous: null, points: series.points.map((p) => ({ ...p, visitors: 0, views: 0 })), published: [] };
    const { container } = render(<TrafficChart series={flat} />);
    const labels = [...container.querySelectorAll(".dash-chart__grid text")].map((t) => t.textContent);
    expect(labels).toEqual(["0", "1"]);
  });
});

describe("pastOnly", () => {
  const day = Date.UTC(2025, 2, 10);
  const today: DashboardSeries = {
    granularity: "hour",
    intervals: ["hour"],
    timeZone: "UTC",
    points: Array.from({ length: 24 }, (_, h) => pointOf(day + h * 3_600_000, 0)),
    compare: "previous",
    previous: null,
    published: [],
    catchingUp: false,
    visitorsApproximate: false,
    sampleVisits: null,
  };

  it("drops the buckets that have not started: at 09:42 the day ends at the 09:00 bucket", () => {
    const past = pastOnly(today, day + 9 * 3_600_000 + 42 * 60_000);
    expect(past.points).toHaveLength(10);
    expect(past.points.at(-1)!.start).toBe(day + 9 * 3_600_000);
  });

  it("returns the series itself when every bucket has begun", () => {
    expect(pastOnly(today, day + 24 * 3_600_000)).toBe(today);
  });
});

describe("niceMax", () => {
  it("rounds up to 1, 2 or 5 times a power of ten", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(11)).toBe(20);
    expect(niceMax(450)).toBe(500);
    expect(niceMax(500)).toBe(500);
    expect(niceMax(501)).toBe(1_000);
  });
});
