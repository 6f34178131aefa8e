import { act, render, screen, within } from "@testing-library/react";
import { useQuery } from "convex/react";
import { getFunctionName, type FunctionReference } from "convex/server";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OPT_OUT_KEY } from "../../tracking/optOut";
import type { Stats } from "../../../convex/validators";
import { fakeUseQuery } from "../../components/testing/fakeQueries";
import StatsPage from "./StatsPage";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
const mockedUseQuery = vi.mocked(useQuery);

const NOW = Date.parse("2025-03-10T09:00:04Z");
const SINCE = Date.parse("2025-01-02T08:00:00Z");

const stats: Stats = {
  activeVisitors: 3,
  activeByPath: [
    { path: "/hello-world", count: 2 },
    { path: "/", count: 1 },
  ],
  totalPageViews: 12_345,
  uniqueVisitors: 321,
  publishedPosts: 7,
  publishedPages: 2,
  trackingSince: SINCE,
  pageStats: [
    { path: "/hello-world", title: "Hello, world", pageType: "blog", views: 10_000 },
    { path: "/", title: "Home", pageType: "home", views: 2_000 },
    { path: "/about", title: "About", pageType: "page", views: 345 },
  ],
  catchingUp: false,
};

const empty: Stats = {
  activeVisitors: 0,
  activeByPath: [],
  totalPageViews: 0,
  uniqueVisitors: 0,
  publishedPosts: 0,
  publishedPages: 0,
  trackingSince: null,
  pageStats: [],
  catchingUp: false,
};

// A fresh element each time: re-rendering the identical element would let React skip the page.
const page = () => (
  <MemoryRouter initialEntries={["/stats"]}>
    <StatsPage />
  </MemoryRouter>
);

function renderPage() {
  const view = render(page());
  return { ...view, rerender: () => view.rerender(page()) };
}

const card = (name: string) => screen.getByRole("group", { name });
const liveRegion = (name: string) => card(name).querySelector("[aria-live]");
const n = (value: number) => value.toLocaleString();

/** getStats answers `result`; the dashboard's own queries stay loading (they have their tests in dashboard/). */
function answer(result: Stats | undefined) {
  mockedUseQuery.mockImplementation(
    fakeUseQuery({
      "stats:getStats": result,
      "dashboard:summary": undefined,
      "dashboard:series": undefined,
      "dashboard:breakdown": undefined,
    }),
  );
}

function getStatsArgs() {
  const calls = mockedUseQuery.mock.calls.filter(
    ([ref]) => getFunctionName(ref as FunctionReference<"query">) === "stats:getStats",
  );
  return calls.at(-1)![1];
}

describe("StatsPage", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
    mockedUseQuery.mockReset();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows a busy loading state until the first result", () => {
    answer(undefined);
    renderPage();
    expect(screen.getByRole("heading", { level: 1, name: "Site stats" })).toBeDefined();
    expect(document.title).toBe("Site stats · markdown-site");
    const status = screen.getByText("Loading stats…");
    expect(status.getAttribute("role")).toBe("status");
    expect(status.closest("[aria-busy]")?.getAttribute("aria-busy")).toBe("true");
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("subscribes to getStats with no arguments", () => {
    answer(stats);
    renderPage();
    expect(getStatsArgs()).toEqual({});
  });

  it("has a switch that keeps this browser's visits out of the stats", () => {
    localStorage.clear();
    answer(stats);
    renderPage();
    const toggle = screen.getByRole("checkbox", { name: "Don't count my visits on this browser" });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    act(() => toggle.click());
    expect(localStorage.getItem(OPT_OUT_KEY)).toBe("1");
    expect((toggle as HTMLInputElement).checked).toBe(true);
    act(() => toggle.click());
    expect(localStorage.getItem(OPT_OUT_KEY)).toBeNull();
  });

  it("renders the cards, the active breakdown and the views table", () => {
    answer(stats);
    renderPage();
    expect(screen.queryByText("Loading stats…")).toBeNull();

    const active = card("Active Now");
    expect(liveRegion("Active Now")?.getAttribute("aria-live")).toBe("polite");
    expect(liveRegion("Active Now")?.textContent).toBe("3 visitors");
    const breakdown = within(active).getByRole("list", { name: "Active visitors by page" });
    const items = within(breakdown).getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toEqual(["Hello, world2", "Home1"]);

    expect(within(card("Total Views")).getByText(n(12_345))).toBeDefined();
    const since = within(card("Total Views")).getByText(
      new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(SINCE),
    );
    expect(since.tagName).toBe("TIME");
    expect(since.getAttribute("datetime")).toBe("2025-01-02T08:00:00.000Z");
    expect(since.parentElement?.textContent).toMatch(/^since /);
    expect(within(card("Unique Visitors")).getByText("321")).toBeDefined();
    expect(within(card("Published Posts")).getByText("7")).toBeDefined();
    expect(within(card("Published Pages")).getByText("2")).toBeDefined();

    const table = screen.getByRole("table", { name: "Views by Page" });
    const headers = within(table).getAllByRole("columnheader");
    expect(headers.map((h) => h.textContent)).toEqual(["Page", "Path", "Views"]);
    for (const h of headers) expect(h.getAttribute("scope")).toBe("col");
    const rows = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) => within(row).getAllByRole("cell").map((c) => c.textContent));
    expect(rows).toEqual([
      ["/hello-world", n(10_000)],
      ["/", n(2_000)],
      ["/about", "345"],
    ]);
    const titles = within(table).getAllByRole("rowheader").map((h) => h.textContent);
    expect(titles).toEqual(["Hello, world", "Home", "About"]);
    expect(within(table).getByRole("link", { name: "About" }).getAttribute("href")).toBe("/about");
  });

  it("says in a status line when the numbers are catching up, and nothing otherwise", () => {
    answer(stats);
    const { rerender } = renderPage();
    // The line right under the cards (the dashboard's loading lines are statuses too).
    const statusLine = () => card("Total Views").closest(".stats-cards")!.nextElementSibling!;
    const status = statusLine();
    expect(status.getAttribute("role")).toBe("status");
    expect(status.textContent).toBe("");

    answer({ ...stats, catchingUp: true });
    rerender();
    // The same live region, so screen readers announce the new text.
    expect(statusLine()).toBe(status);
    expect(screen.getAllByRole("status")).toContain(status);
    expect(status.textContent).toMatch(/^Catching up: .*may not yet include every recent view/);

    answer(stats);
    rerender();
    expect(status.textContent).toBe("");
  });

  it("falls back to the path for an active page without a title", () => {
    answer({ ...stats, activeByPath: [{ path: "/new-post", count: 1 }] });
    renderPage();
    expect(within(card("Active Now")).getByText("/new-post")).toBeDefined();
  });

  it("shows the empty states", () => {
    answer(empty);
    renderPage();
    expect(within(card("Active Now")).getByText("Nobody is on the site right now")).toBeDefined();
    expect(within(card("Total Views")).getByText("No views yet")).toBeDefined();
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getAllByText("No views yet")).toHaveLength(2);
  });

  it("re-renders in place when the data changes", () => {
    answer(stats);
    const { rerender } = renderPage();
    const table = screen.getByRole("table", { name: "Views by Page" });

    answer({
      ...stats,
      activeVisitors: 1,
      activeByPath: [{ path: "/about", count: 1 }],
      totalPageViews: 12_346,
      pageStats: [...stats.pageStats, { path: "/new-post", title: "A new post", pageType: "blog", views: 1 }],
    });
    rerender();

    // Same table element: updated, not remounted through a loading state.
    expect(screen.getByRole("table", { name: "Views by Page" })).toBe(table);
    expect(liveRegion("Active Now")?.textContent).toBe("1 visitor");
    expect(within(card("Active Now")).getByText("About")).toBeDefined();
    expect(within(card("Total Views")).getByText(n(12_346))).toBeDefined();
    expect(within(table).getByRole("rowheader", { name: "A new post" })).toBeDefined();
  });

  it("shows an error instead of breaking the site when the query fails", () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    mockedUseQuery.mockImplementation(() => {
      throw new Error("Could not find public function for 'stats:getStats'");
    });
    renderPage();
    expect(screen.getByRole("alert").textContent).toMatch(/could not be loaded/);
    expect(screen.getByRole("heading", { level: 1, name: "Site stats" })).toBeDefined();
    consoleError.mockRestore();
  });
});
