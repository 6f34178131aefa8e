import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { useConvex, useQuery } from "convex/react";
import { unzipSync, strFromU8 } from "fflate";
import { getFunctionName, type FunctionReference } from "convex/server";
import { MemoryRouter, useLocation, useNavigate } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { breakdownFor, series, summary } from "../../../components/testing/dashboardFixtures";
import { fakeUseQuery, type QueryResults } from "../../../components/testing/fakeQueries";
import { OPT_OUT_KEY } from "../../../tracking/optOut";
import { ANCHOR_STEP_MS, Dashboard } from "./Dashboard";
import { PANEL_ROWS } from "../../../../convex/constants";
import type { StatsDimension } from "../../../../convex/validators";
import type { DashboardBreakdown } from "./types";

import { EMPTY_LINK_QUERIES } from "./links/testing";
vi.mock("convex/react", () => ({ useQuery: vi.fn(), useConvex: vi.fn() }));
const mockedUseQuery = vi.mocked(useQuery);
const mockedUseConvex = vi.mocked(useConvex);

const NOW = Date.parse("2025-03-10T09:42:00Z");
const ANCHOR = Date.parse("2025-03-10T09:00:00Z");

/** Shows the router's location and a Back button, as the browser's address bar would. */
function Probe() {
  const loc = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <span data-testid="location">{loc.pathname + loc.search}</span>
      <button type="button" data-testid="back" onClick={() => navigate(-1)} />
    </>
  );
}

const currentLocation = () => screen.getByTestId("location").textContent;
const back = () => fireEvent.click(screen.getByTestId("back"));

function renderDashboard(url = "/stats", results: QueryResults = {}) {
  const answer = fakeUseQuery({
    "dashboard:summary": summary,
    "dashboard:series": series,
    "dashboard:breakdown": breakdownFor,
    ...EMPTY_LINK_QUERIES,
    "dashboard:settings": { timeZone: "UTC", access: "public" },
    ...results,
  });
  mockedUseQuery.mockImplementation(answer);
  // The zip asks the client once per list; it answers as the subscriptions do.
  const client = { query: (ref: FunctionReference<"query">, args: unknown) => Promise.resolve(answer(ref, args as never)) };
  mockedUseConvex.mockReturnValue(client as unknown as ReturnType<typeof useConvex>);
  return render(
    <MemoryRouter initialEntries={[url]}>
      <Dashboard statsKey={undefined} />
      <Probe />
    </MemoryRouter>,
  );
}

/** The args of the latest call of each dashboard query. */
function lastArgs(name: string): Record<string, unknown> {
  const calls = mockedUseQuery.mock.calls.filter(
    ([ref]) => getFunctionName(ref as FunctionReference<"query">) === name,
  );
  return calls.at(-1)![1] as Record<string, unknown>;
}

const panel = (name: string) => screen.getByRole("region", { name });
const rowNames = (table: HTMLElement) =>
  within(table)
    .getAllByRole("rowheader")
    .map((h) => h.textContent);

describe("Dashboard", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
    vi.setSystemTime(NOW);
    mockedUseQuery.mockReset();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("asks every query for the range, the hour's anchor and no filters by default", () => {
    renderDashboard();
    expect(ANCHOR_STEP_MS).toBe(3_600_000);
    for (const name of ["dashboard:summary", "dashboard:series"]) {
      expect(lastArgs(name)).toEqual({ range: "7d", anchor: ANCHOR, filters: [] });
    }
    expect(lastArgs("dashboard:breakdown")).toMatchObject({ range: "7d", anchor: ANCHOR, filters: [] });
    expect((screen.getByLabelText("Range") as HTMLSelectElement).value).toBe("7d");
  });

  it("keeps the range in the URL, and Back restores the previous one", () => {
    renderDashboard("/stats?range=30d");
    expect((screen.getByLabelText("Range") as HTMLSelectElement).value).toBe("30d");
    expect(lastArgs("dashboard:summary").range).toBe("30d");

    fireEvent.change(screen.getByLabelText("Range"), { target: { value: "12mo" } });
    expect(currentLocation()).toBe("/stats?range=12mo");
    expect(lastArgs("dashboard:series").range).toBe("12mo");

    back();
    expect(currentLocation()).toBe("/stats?range=30d");
    expect((screen.getByLabelText("Range") as HTMLSelectElement).value).toBe("30d");
    expect(lastArgs("dashboard:summary").range).toBe("30d");
  });

  it("offers every range of the issue, in order", () => {
    renderDashboard();
    const options = within(screen.getByLabelText("Range"))
      .getAllByRole("option")
      .map((o) => o.textContent);
    expect(options).toEqual([
      "Today",
      "Yesterday",
      "Last 24 hours",
      "Last 7 days",
      "Last 30 days",
      "This month",
      "Last 12 months",
      "All time",
      "Custom range…",
    ]);
  });

  it("charts the headline figure clicked, keeps it in the URL, and Back undoes it", () => {
    renderDashboard();
    const bounce = screen.getByRole("button", { name: /42%/ });
    expect(bounce.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(bounce);
    expect(currentLocation()).toBe("/stats?metric=bounceRate");
    expect(bounce.getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("group", { name: /Bounce rate per day/ })).toBeDefined();
    expect(screen.getByRole("region", { name: "Bounce rate" })).toBeDefined();
    back();
    expect(currentLocation()).toBe("/stats");
    expect(screen.getByRole("group", { name: /Visitors per day/ })).toBeDefined();
  });

  it("asks the series for the chosen interval and both queries for the chosen comparison", () => {
    renderDashboard("/stats?range=30d", { "dashboard:series": { ...series, intervals: ["day", "week"] } });
    fireEvent.click(screen.getByRole("button", { name: "Weeks" }));
    expect(currentLocation()).toBe("/stats?range=30d&interval=week");
    expect(lastArgs("dashboard:series")).toMatchObject({ range: "30d", interval: "week" });
    fireEvent.change(screen.getByLabelText("Compare"), { target: { value: "year" } });
    expect(lastArgs("dashboard:summary")).toMatchObject({ compare: "year" });
    expect(lastArgs("dashboard:series")).toMatchObject({ compare: "year", interval: "week" });
    expect(lastArgs("dashboard:breakdown")).not.toHaveProperty("compare");
    // A new range drops the interval picked for the old one.
    fireEvent.change(screen.getByLabelText("Range"), { target: { value: "12mo" } });
    expect(currentLocation()).toBe("/stats?range=12mo&compare=year");
  });

  it("picks a custom range from two date fields, refuses a bad one with a reason, and keeps it in the URL", () => {
    renderDashboard();
    fireEvent.change(screen.getByLabelText("Range"), { target: { value: "custom" } });
    const dialog = screen.getByRole("dialog", { name: "Custom range" });
    fireEvent.change(within(dialog).getByLabelText("From"), { target: { value: "2025-03-09" } });
    fireEvent.change(within(dialog).getByLabelText("To"), { target: { value: "2025-03-02" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Show these days" }));
    expect(within(dialog).getByRole("alert").textContent).toBe("The end date is before the start date.");
    expect(within(dialog).getByLabelText("To").getAttribute("aria-invalid")).toBe("true");
    fireEvent.change(within(dialog).getByLabelText("To"), { target: { value: "2025-03-11" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Show these days" }));
    expect(within(dialog).getByRole("alert").textContent).toMatch(/in the future/);
    fireEvent.change(within(dialog).getByLabelText("To"), { target: { value: "2025-03-10" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Show these days" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(currentLocation()).toBe("/stats?from=2025-03-09&to=2025-03-10");
    expect(lastArgs("dashboard:summary")).toMatchObject({ custom: { from: "2025-03-09", to: "2025-03-10" } });
    expect(lastArgs("dashboard:breakdown")).toMatchObject({ custom: { from: "2025-03-09", to: "2025-03-10" } });
    // The select names the days; a named range replaces them.
    expect((screen.getByLabelText("Range") as HTMLSelectElement).selectedOptions[0]!.textContent).toMatch(/9.*Mar.*10.*Mar.*2025|Mar 9.*Mar 10, 2025/);
    fireEvent.change(screen.getByLabelText("Range"), { target: { value: "today" } });
    expect(currentLocation()).toBe("/stats?range=today");
  });

  it("shows the headline figures with their change against the previous period", () => {
    renderDashboard();
    const figure = (label: string) =>
      [...document.querySelectorAll<HTMLElement>(".dash-figure")].find((f) =>
        f.querySelector("dt")!.textContent!.startsWith(label),
      )!;
    expect(figure("Visitors").textContent).toMatch(/≈1,234\+23% compared with the previous period/);
    expect(figure("Views").textContent).toContain("4,321+8%");
    expect(figure("Bounce rate").textContent).toContain("42%−3 pp");
    expect(figure("Visit duration").textContent).toContain("1m 35s+6%");
    expect(within(figure("Visitors")).getByTitle(/approximate/)).toBeDefined();
  });

  it("shows no change for All time, where there is no previous period", () => {
    renderDashboard("/stats?range=all", {
      "dashboard:summary": { ...summary, previous: null, visitorsApproximate: false },
    });
    expect(screen.queryByText(/compared with the previous period/)).toBeNull();
    expect(screen.queryByTitle(/approximate/)).toBeNull();
  });

  it("lists top pages with engaged time and read completion", () => {
    renderDashboard();
    const table = within(panel("Pages")).getByRole("table");
    // Each number's header carries its definition as a tooltip.
    const headers = within(table)
      .getAllByRole("columnheader")
      .map((h) => [
        h.querySelector(".term")?.firstChild?.textContent ?? h.textContent,
        h.querySelector("[role=tooltip]") !== null,
      ]);
    expect(headers).toEqual([
      ["Top pages", false],
      ["Visitors", true],
      ["Views", true],
      ["Engaged", true],
      ["Read", true],
      ["Scroll", true],
    ]);
    const first = within(table).getAllByRole("row")[1]!;
    expect(
      within(first)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["640", "900", "3m 04s", "61%", "83%"]);
    expect(rowNames(table)).toEqual(["How the live stats work", "Home", "How to publish", "About"]);
  });

  it("switches a panel's tab to another dimension", () => {
    renderDashboard();
    const sources = panel("Sources");
    fireEvent.click(within(sources).getByRole("tab", { name: "UTM campaign" }));
    expect(lastArgs("dashboard:breakdown").dimension).toBe("utmCampaign");
    expect(within(sources).getByRole("tab", { name: "UTM campaign" }).getAttribute("aria-selected")).toBe("true");
    expect(rowNames(within(sources).getByRole("table"))).toEqual(["launch-week"]);

    const tab = within(sources).getByRole("tab", { name: "UTM campaign" });
    fireEvent.keyDown(tab, { key: "ArrowRight" });
    expect(within(sources).getByRole("tab", { name: "Sources" }).getAttribute("aria-selected")).toBe("true");
    expect(rowNames(within(sources).getByRole("table"))).toEqual(["Direct", "Hacker News", "DuckDuckGo"]);
  });

  it("names countries without emoji flags, and draws them on a map with a text alternative", async () => {
    renderDashboard();
    expect(rowNames(within(panel("Countries")).getByRole("table"))).toEqual([
      "Germany",
      "United States",
      "France",
      "Unknown",
    ]);
    const map = within(panel("Countries")).getByRole("img", { name: /^World map of visitors by country: Germany/ });
    // The shapes are a chunk of their own; once it is in, the map draws them.
    await act(async () => {
      await import("./map/worldShapes");
    });
    expect(map.querySelector('[data-country="DE"]')?.getAttribute("data-level")).toBe("5");
    expect(map.querySelector('[data-country="JP"]')?.hasAttribute("data-level")).toBe(false);
  });

  it("filters everything by a clicked row, combines filters and removes them by chip", () => {
    renderDashboard("/stats?range=30d");
    fireEvent.click(within(panel("Sources")).getByRole("button", { name: "Hacker News" }));
    expect(currentLocation()).toBe("/stats?range=30d&source=Hacker+News");
    const hn = { dimension: "source", value: "Hacker News" };
    expect(lastArgs("dashboard:summary").filters).toEqual([hn]);
    expect(lastArgs("dashboard:series").filters).toEqual([hn]);
    expect(lastArgs("dashboard:breakdown").filters).toEqual([hn]);
    // A picked source opens: the tab lists its hosts.
    expect(within(panel("Sources")).getByRole("table", { name: "Hosts of Hacker News" })).toBeDefined();
    expect(lastArgs("dashboard:breakdown").dimension).not.toBe("source");

    fireEvent.click(within(panel("Countries")).getByRole("button", { name: "Germany" }));
    expect(currentLocation()).toBe("/stats?range=30d&source=Hacker+News&country=DE");
    const chips = within(screen.getByRole("list", { name: "Filters" })).getAllByRole("listitem");
    expect(chips.map((c) => c.firstChild!.textContent)).toEqual([
      "Source: Hacker News",
      "Country: Germany",
    ]);

    fireEvent.click(screen.getByRole("button", { name: "Remove filter Source: Hacker News" }));
    expect(currentLocation()).toBe("/stats?range=30d&country=DE");
    expect(lastArgs("dashboard:summary").filters).toEqual([{ dimension: "country", value: "DE" }]);

    back();
    expect(currentLocation()).toBe("/stats?range=30d&source=Hacker+News&country=DE");
  });

  it("filters by Direct (an empty value) and names it so in the chip", () => {
    renderDashboard();
    fireEvent.click(within(panel("Sources")).getByRole("button", { name: "Direct" }));
    expect(currentLocation()).toBe("/stats?source=");
    expect(lastArgs("dashboard:summary").filters).toEqual([{ dimension: "source", value: "" }]);
    expect(screen.getByRole("button", { name: "Remove filter Source: Direct" })).toBeDefined();
  });

  it("clears all filters at once", () => {
    renderDashboard("/stats?page=/about&device=mobile");
    fireEvent.click(screen.getByRole("button", { name: "Clear all" }));
    expect(currentLocation()).toBe("/stats");
  });

  it("downloads a panel and the chart series as CSV", async () => {
    const files: Array<{ name: string; blob: Blob }> = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      files.push({ name: "", blob });
      return "blob:x";
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      files.at(-1)!.name = this.download;
    });
    renderDashboard("/stats?range=30d");

    // A panel's CSV asks for every row once (the panel holds only those it shows).
    await act(async () => {
      fireEvent.click(within(panel("Sources")).getByRole("button", { name: "Download Sources as CSV" }));
      await Promise.resolve();
    });
    fireEvent.click(screen.getByRole("button", { name: "Download the chart series as CSV" }));
    const [sourcesName, chartName] = files.map((f) => f.name);
    expect(sourcesName).toMatch(/^stats-sources-30d-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    expect(chartName).toBe(sourcesName!.replace("sources", "chart"));
    const sources = await files[0]!.blob.text();
    expect(sources.split("\r\n")).toEqual([
      expect.stringMatching(/^# Sources · Last 30 days · \d{4}-\d{2}-\d{2} to 2025-03-10 \(UTC\) · no filters$/),
      "name,value,visitors,views,avg engaged seconds,read completion,scroll depth",
      "Direct,,700,2100,,,",
      "Hacker News,Hacker News,400,1500,,,",
      "DuckDuckGo,DuckDuckGo,100,300,,,",
      "",
    ]);
    expect((await files[1]!.blob.text()).split("\r\n")).toHaveLength(series.points.length + 3);
  });

  it("shows a panel's first rows and puts every row in its CSV and in the zip", async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return "blob:x";
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    const sources = Array.from({ length: 12 }, (_, i) => ({ value: `s${i}`, label: `Source ${i}`, visitors: 100 - i, views: 200 - i, engagedMs: null, completion: null }));
    const limits: Array<number | undefined> = [];
    // The same object for the same arguments, as useQuery gives.
    const answers = new Map<number, DashboardBreakdown>();
    renderDashboard("/stats?range=30d", {
      "dashboard:breakdown": (args: { dimension: StatsDimension; limit?: number }) => {
        if (args.dimension !== "source") return breakdownFor(args);
        limits.push(args.limit);
        const limit = args.limit ?? PANEL_ROWS;
        if (!answers.has(limit)) answers.set(limit, { ...breakdownFor(args), rows: sources.slice(0, limit), rowCount: sources.length });
        return answers.get(limit);
      },
    });
    expect(limits.every((limit) => limit === undefined)).toBe(true);
    expect(rowNames(within(panel("Sources")).getByRole("table"))).toHaveLength(PANEL_ROWS);
    expect(within(panel("Sources")).getByRole("button", { name: "Show all 12" })).toBeDefined();
    await act(async () => {
      fireEvent.click(within(panel("Sources")).getByRole("button", { name: "Download Sources as CSV" }));
      await Promise.resolve();
    });
    expect(limits.at(-1)).toBe(100);
    // Header line, column names, 12 rows and the final line break.
    expect((await blobs[0]!.text()).split("\r\n")).toHaveLength(2 + 12 + 1);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Download all as CSV (zip)" }));
      await vi.dynamicImportSettled();
    });
    await act(async () => {
      await Promise.resolve();
    });
    const zip = unzipSync(new Uint8Array(await blobs[1]!.arrayBuffer()));
    expect(strFromU8(zip["source.csv"]!).split("\r\n")).toHaveLength(2 + 12 + 1);
  });

  it("names a custom range's files after the range, not the select's default", async () => {
    const names: string[] = [];
    URL.createObjectURL = vi.fn(() => "blob:x");
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    renderDashboard("/stats?from=2025-03-09&to=2025-03-10");
    await act(async () => {
      fireEvent.click(within(panel("Sources")).getByRole("button", { name: "Download Sources as CSV" }));
      await Promise.resolve();
    });
    fireEvent.click(screen.getByRole("button", { name: "Download the chart series as CSV" }));
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(/^stats-(sources|chart)-custom-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  });

  it("downloads every list and the chart of the view as one zip, named and headed with its filters", async () => {
    const files: Array<{ name: string; blob: Blob }> = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      files.push({ name: "", blob });
      return "blob:x";
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      files.at(-1)!.name = this.download;
    });
    renderDashboard("/stats?range=30d&country=DE");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Download all as CSV (zip)" }));
      await vi.dynamicImportSettled();
    });
    await act(async () => {
      await Promise.resolve();
    });
    expect(files).toHaveLength(1);
    expect(files[0]!.name).toMatch(/^stats-all-30d-[\d-]+_2025-03-10-country-DE\.zip$/);
    const zip = unzipSync(new Uint8Array(await files[0]!.blob.arrayBuffer()));
    expect(Object.keys(zip)).toContain("chart.csv");
    expect(Object.keys(zip)).toContain("country.csv");
    expect(Object.keys(zip)).toHaveLength(1 + 13);
    const countries = strFromU8(zip["country.csv"]!).split("\r\n");
    expect(countries[0]).toMatch(/ · Country: Germany$/);
    expect(countries[1]).toBe("name,value,visitors,views,avg engaged seconds,read completion,scroll depth");
  });

  it("ends Today's chart and its CSV at the current hour", async () => {
    const files: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      files.push(blob);
      return "blob:x";
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    const midnight = Date.parse("2025-03-10T00:00:00Z");
    const hourly = {
      granularity: "hour" as const,
      intervals: ["hour" as const],
      timeZone: "UTC",
      points: Array.from({ length: 24 }, (_, h) => ({ start: midnight + h * 3_600_000, visitors: 1, views: 2, visits: 1, bounces: 0, engagedMs: 0 })),
      compare: "none" as const,
      previous: null,
      published: [],
      catchingUp: false,
      visitorsApproximate: false,
      sampleVisits: null,
    };
    renderDashboard("/stats?range=today", { "dashboard:series": hourly });
    // 09:42: buckets 00:00 to 09:00, nothing after.
    const table = screen.getByRole("table", { name: "Visitors per hour" });
    expect(within(table).getAllByRole("row")).toHaveLength(1 + 10);
    fireEvent.click(screen.getByRole("button", { name: "Download the chart series as CSV" }));
    const lines = (await files[0]!.text()).trim().split("\r\n");
    expect(lines[0]).toBe("# Traffic per hour · Today · 2025-03-10 to 2025-03-10 (UTC) · no filters");
    expect(lines[1]).toBe("start,visitors,visits,views,views per visit,bounce rate,visit duration seconds");
    expect(lines).toHaveLength(2 + 10);
    expect(lines.at(-1)).toBe("2025-03-10T09:00:00+00:00,1,1,2,2,0,0");
  });

  it("shows loading states in reserved space until data arrives", () => {
    renderDashboard("/stats", {
      "dashboard:summary": undefined,
      "dashboard:series": undefined,
      "dashboard:breakdown": undefined,
    });
    const statuses = screen.getAllByRole("status").map((s) => s.textContent);
    expect(statuses).toEqual([
      "Loading figures…",
      "Loading chart…",
      "Loading top pages…",
      "Loading sources…",
      "Loading countries…",
      "Loading devices…",
      "Loading searches…",
      "Loading feed subscribers…",
    ]);
    expect(screen.getAllByRole("button", { name: /as CSV$/ }).every((b) => (b as HTMLButtonElement).disabled)).toBe(
      true,
    );
  });

  it("shows empty states for a range without views", () => {
    renderDashboard("/stats", {
      "dashboard:breakdown": { rows: [], rowCount: 0, truncated: false, visitorsApproximate: false, sampleVisits: null, catchingUp: false },
      "dashboard:series": { ...series, points: [], published: [] },
    });
    expect(within(panel("Sources")).getByText("No sources in this range yet.")).toBeDefined();
    expect(within(panel("Visitors")).getByText("No views in this range yet.")).toBeDefined();
  });

  it("in an empty range, says how to get a first view, and offers no row hint or CSV for empty lists", () => {
    localStorage.clear();
    const zero = { visitors: 0, visits: 0, views: 0, viewsPerVisit: 0, bounceRate: 0, visitDurationMs: 0 };
    renderDashboard("/stats", {
      "dashboard:summary": { ...summary, current: zero, previous: zero },
      "dashboard:breakdown": { rows: [], rowCount: 0, truncated: false, catchingUp: false, visitorsApproximate: false, sampleVisits: null },
      "dashboard:series": { ...series, points: series.points.map((p) => ({ ...p, visitors: 0, views: 0 })) },
    });
    expect(screen.getByText(/open the site in another tab/)).toBeDefined();
    expect(screen.queryByText(/opted out/)).toBeNull();
    expect(screen.queryByText(/Click a row/)).toBeNull();
    expect(screen.queryAllByRole("button", { name: /as CSV$/ })).toHaveLength(0);
    expect(screen.queryByRole("button", { name: /Download all/ })).toBeNull();
  });

  it("says when this browser's own visits are not counted", () => {
    localStorage.setItem(OPT_OUT_KEY, "1");
    const zero = { visitors: 0, visits: 0, views: 0, viewsPerVisit: 0, bounceRate: 0, visitDurationMs: 0 };
    renderDashboard("/stats", {
      "dashboard:summary": { ...summary, current: zero, previous: zero },
      "dashboard:series": { ...series, points: [], published: [] },
    });
    expect(screen.getByText(/This browser is opted out/)).toBeDefined();
    localStorage.clear();
  });

  it("keeps the row hint while the range has views", () => {
    renderDashboard();
    expect(screen.getByText("Click a row in any panel to filter by it.")).toBeDefined();
    expect(screen.queryByText(/open the site in another tab/)).toBeNull();
  });

  it("says when numbers are catching up or a list is cut", () => {
    renderDashboard("/stats", {
      "dashboard:summary": { ...summary, catchingUp: true },
      "dashboard:breakdown": { ...breakdownFor({ dimension: "page" }), rowCount: 100, truncated: true, visitorsApproximate: false, sampleVisits: null, catchingUp: false },
    });
    expect(screen.getAllByText(/catching up/)).toHaveLength(1);
    expect(within(panel("Pages")).getByText("Only the top 100 are listed.")).toBeDefined();
  });

  it("marks estimates: every headline figure and panel of a sample, with its size in the tooltip", () => {
    renderDashboard("/stats?country=DE&device=mobile", {
      "dashboard:summary": { ...summary, visitorsApproximate: true, sampleVisits: 1000 },
      "dashboard:breakdown": { ...breakdownFor({ dimension: "page" }), visitorsApproximate: true, sampleVisits: 1000, catchingUp: false },
    });
    const marks = screen.getAllByTitle(/sample of 1,000 whole visits/);
    // Six headline figures, one note per panel.
    expect(marks.length).toBeGreaterThanOrEqual(6 + 4);
    expect(marks.every((mark) => mark.textContent === "≈")).toBe(true);
    expect(screen.queryByText(/catching up/)).toBeNull();
  });

  it("keeps a failing panel to itself", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    renderDashboard("/stats", {
      "dashboard:breakdown": (args: { dimension: string }) => {
        if (args.dimension === "country") throw new Error("boom");
        return breakdownFor(args as never);
      },
    });
    expect(screen.getByRole("alert").textContent).toContain("Countries could not be loaded.");
    expect(within(panel("Sources")).getByRole("table")).toBeDefined();
  });
});
