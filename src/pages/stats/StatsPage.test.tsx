import { act, render, screen, within } from "@testing-library/react";
import { useQuery } from "convex/react";
import { getFunctionName, type FunctionReference } from "convex/server";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { OPT_OUT_KEY } from "../../tracking/optOut";
import type { Stats } from "../../../convex/validators";
import { fakeUseQuery } from "../../components/testing/fakeQueries";
import StatsPage from "./StatsPage";
import { StatsShell } from "./StatsShell";

vi.mock("convex/react", () => ({ useQuery: vi.fn(), useConvex: () => ({}) }));
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
    <StatsShell>
      <StatsPage />
    </StatsShell>
  </MemoryRouter>
);

function renderPage() {
  const view = render(page());
  return { ...view, rerender: () => view.rerender(page()) };
}

const card = (name: string) => screen.getByRole("group", { name });
const liveRegion = (name: string) => card(name).querySelector("[aria-live]");

/** getStats answers `result`; the dashboard's and the realtime view's queries stay loading (they have their tests in dashboard/). */
function answer(result: Stats | undefined) {
  mockedUseQuery.mockImplementation(
    fakeUseQuery({
      "stats:getStats": result,
      "dashboard:summary": undefined,
      "dashboard:series": undefined,
      "dashboard:breakdown": undefined,
      "links:report": undefined,
      "goals:report": undefined,
      "realtime:lastMinutes": undefined,
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

  it("shows Active Now and, under the dashboard, a line of content counts: no all-time cards or views table", () => {
    answer(stats);
    renderPage();
    expect(screen.queryByText("Loading stats…")).toBeNull();

    const active = card("Active Now");
    expect(liveRegion("Active Now")?.getAttribute("aria-live")).toBe("polite");
    expect(liveRegion("Active Now")?.textContent).toBe("3 visitors");
    const breakdown = within(active).getByRole("list", { name: "Active visitors by page" });
    const items = within(breakdown).getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toEqual(["Hello, world2", "Home1"]);

    // The all-time figures are the dashboard's "All time" range now.
    expect(document.querySelectorAll(".stats-card")).toHaveLength(1);
    for (const gone of ["Total Views", "Unique Visitors", "Published Posts", "Published Pages"]) {
      expect(screen.queryByRole("group", { name: gone })).toBeNull();
    }
    expect(screen.queryByRole("table", { name: "Views by Page" })).toBeNull();

    const line = screen.getByText(/published posts/);
    expect(line.textContent).toBe(
      `7 published posts · 2 published pages · views counted since ${new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(SINCE)}`,
    );
    expect(line.querySelector("time")?.getAttribute("dateTime")).toBe("2025-01-02T08:00:00.000Z");
    // After the traffic, not before it.
    const traffic = screen.getByRole("region", { name: "Traffic" });
    expect(traffic.compareDocumentPosition(line) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
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
    expect(screen.getByText(/published posts/).textContent).toBe(
      "0 published posts · 0 published pages · no views counted yet",
    );
  });

  it("re-renders in place when the data changes", () => {
    answer(stats);
    const { rerender } = renderPage();
    const active = card("Active Now");

    answer({ ...stats, activeVisitors: 1, activeByPath: [{ path: "/about", count: 1 }], publishedPosts: 1 });
    rerender();

    // Same card: updated, not remounted through a loading state.
    expect(card("Active Now")).toBe(active);
    expect(liveRegion("Active Now")?.textContent).toBe("1 visitor");
    expect(within(active).getByText("About")).toBeDefined();
    expect(screen.getByText(/published post /).textContent).toMatch(/^1 published post · /);
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
