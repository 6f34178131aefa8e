import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { DAY_MS, series, SERIES_START } from "../../../components/testing/dashboardFixtures";
import { chartTicks, niceMax, pastOnly } from "./chartScale";
import { TrafficChart } from "./TrafficChart";
import type { DashboardSeries } from "./types";

const dayLabel = (start: number) =>
  new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" }).format(
    start,
  );

function chart() {
  return screen.getByRole("group", { name: /Visitors and views per day/ });
}

describe("TrafficChart", () => {
  it("draws one bar per bucket and the visitors line", () => {
    const { container } = render(<TrafficChart series={series} />);
    expect(container.querySelectorAll("rect.dash-chart__bar")).toHaveLength(series.points.length);
    const line = container.querySelector("polyline.dash-chart__line")!;
    expect(line.getAttribute("points")!.split(" ")).toHaveLength(series.points.length);
    expect(screen.getByText("1,000")).toBeDefined();
  });

  it("shows a bucket's values on keyboard focus and moves with the arrow keys", () => {
    render(<TrafficChart series={series} />);
    const plot = chart();
    expect(plot.getAttribute("tabindex")).toBe("0");
    fireEvent.focus(plot);
    const tip = plot.querySelector("[aria-live='polite']")!;
    const last = series.points.at(-1)!;
    expect(tip.textContent).toContain(dayLabel(last.start));
    expect(tip.textContent).toContain(`${last.visitors} visitors · ${last.views} views`);

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
    // 640 px wide, 44 px left padding, 8 right: 7 buckets of 84 px; 44 + 84 * 1.5 is inside the second.
    fireEvent.pointerMove(svg, { clientX: 44 + 84 * 1.5, clientY: 100 });
    const tip = chart().querySelector("[aria-live='polite']")!;
    expect(tip.textContent).toContain(dayLabel(SERIES_START + DAY_MS));
    fireEvent.pointerLeave(svg);
    expect(tip.textContent).toBe("");
  });

  it("gives screen readers every value in a table", () => {
    render(<TrafficChart series={series} />);
    const table = screen.getByRole("table", { name: "Visitors and views per day" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(series.points.length);
    expect(
      within(rows[3]!)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual([String(series.points[3]!.visitors), String(series.points[3]!.views), "How the live stats work"]);
    expect(within(rows[0]!).getByRole("rowheader").textContent).toBe(dayLabel(SERIES_START));
  });

  it("labels hourly buckets in the site's time zone", () => {
    const start = Date.UTC(2025, 2, 30, 0); // 01:00 in Berlin, an hour before the change to summer time
    const hourly: DashboardSeries = {
      granularity: "hour",
      timeZone: "Europe/Berlin",
      points: [0, 1, 2].map((i) => ({ start: start + i * 3_600_000, visitors: i, views: i })),
      published: [],
      visitorsApproximate: false,
      sampleVisits: null,
      catchingUp: false,
    };
    render(<TrafficChart series={hourly} />);
    const table = screen.getByRole("table", { name: "Visitors and views per hour" });
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
    const flat = { ...series, points: series.points.map((p) => ({ ...p, visitors: 0, views: 0 })), published: [] };
    const { container } = render(<TrafficChart series={flat} />);
    const labels = [...container.querySelectorAll(".dash-chart__grid text")].map((t) => t.textContent);
    expect(labels).toEqual(["0", "1"]);
  });
});

describe("pastOnly", () => {
  const day = Date.UTC(2025, 2, 10);
  const today: DashboardSeries = {
    granularity: "hour",
    timeZone: "UTC",
    points: Array.from({ length: 24 }, (_, h) => ({ start: day + h * 3_600_000, visitors: 0, views: 0 })),
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
