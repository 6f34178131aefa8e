import { fireEvent, render, screen } from "@testing-library/react";
import { useQuery } from "convex/react";
import { getFunctionName, type FunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { MemoryRouter, useLocation } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Stats } from "../../../../convex/validators";
import { breakdownFor, series, summary } from "../../../components/testing/dashboardFixtures";
import StatsPage from "../StatsPage";
import { STATS_KEY_STORAGE } from "./useStatsKey";

vi.mock("convex/react", () => ({ useQuery: vi.fn(), useConvex: () => ({}) }));
const mockedUseQuery = vi.mocked(useQuery);

const OWNER_KEY = "owner-secret";
const SHARE_KEY = "share-secret";

const stats: Stats = {
  activeVisitors: 3,
  activeByPath: [],
  totalPageViews: 98_765,
  uniqueVisitors: 5_432,
  publishedPosts: 7,
  publishedPages: 2,
  trackingSince: Date.UTC(2025, 0, 2),
  pageStats: [],
  catchingUp: false,
};

const ANSWERS: Record<string, unknown> = {
  "stats:getStats": stats,
  "dashboard:summary": summary,
  "dashboard:series": series,
};

/** A private deployment: every stats query refuses unless given one of the two keys. */
function privateBackend() {
  mockedUseQuery.mockImplementation(((ref: FunctionReference<"query">, args: { key?: string; dimension?: never } | "skip") => {
    if (args === "skip") return undefined;
    const name = getFunctionName(ref);
    if (name === "dashboard:checkKey") return args.key === OWNER_KEY ? "owner" : args.key === SHARE_KEY ? "share" : null;
    if (args.key !== OWNER_KEY && args.key !== SHARE_KEY) {
      throw new ConvexError({ code: "PRIVATE", message: "These stats are private" });
    }
    if (name === "dashboard:shareLink") return args.key === OWNER_KEY ? { shareKey: SHARE_KEY } : null;
    return name === "dashboard:breakdown" ? breakdownFor({ dimension: args.dimension! }) : ANSWERS[name];
  }) as unknown as typeof useQuery);
}

function Probe() {
  const loc = useLocation();
  return <span data-testid="location">{loc.pathname + loc.search}</span>;
}

function renderPage(url = "/stats") {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <StatsPage />
      <Probe />
    </MemoryRouter>,
  );
}

const keysSent = () => new Set(mockedUseQuery.mock.calls.map(([, args]) => (args as { key?: string }).key));

describe("/stats in private mode", () => {
  beforeEach(() => {
    localStorage.clear();
    mockedUseQuery.mockReset();
    privateBackend();
    vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it("asks for the key and shows no numbers without it", () => {
    const { container } = renderPage();
    expect(screen.getByRole("heading", { name: "These stats are private" })).toBeDefined();
    expect(screen.getByLabelText("Stats key")).toBeDefined();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(container.textContent).not.toMatch(/\d/);
  });

  it("shows the stats once the owner's key is entered, and remembers it in this browser", () => {
    renderPage();
    fireEvent.change(screen.getByLabelText("Stats key"), { target: { value: ` ${OWNER_KEY} ` } });
    fireEvent.click(screen.getByRole("button", { name: "Show stats" }));
    expect(screen.queryByLabelText("Stats key")).toBeNull();
    expect(screen.getByText(summary.current.views.toLocaleString())).toBeDefined();
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBe(OWNER_KEY);
    expect(keysSent()).toContain(OWNER_KEY);
  });

  it("uses a stored key without asking", () => {
    localStorage.setItem(STATS_KEY_STORAGE, OWNER_KEY);
    renderPage();
    expect(screen.queryByLabelText("Stats key")).toBeNull();
    expect(screen.getByText(summary.current.views.toLocaleString())).toBeDefined();
  });

  it("accepts a ?key= share link, keeps the key and takes it out of the address", () => {
    renderPage(`/stats?range=30d&key=${SHARE_KEY}`);
    expect(screen.queryByLabelText("Stats key")).toBeNull();
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBe(SHARE_KEY);
    expect(screen.getByTestId("location").textContent).toBe("/stats?range=30d");
    expect(keysSent()).toContain(SHARE_KEY);
  });

  it("keeps the owner's stored key when a share link is opened, says what the link holds, and lets the owner choose", () => {
    localStorage.setItem(STATS_KEY_STORAGE, OWNER_KEY);
    renderPage(`/stats?key=${SHARE_KEY}`);
    const notice = screen.getByRole("region", { name: "This link holds a read-only key." });
    expect(notice.textContent).toContain("This browser keeps the owner's key");
    // Still the owner, with the owner's controls, until the choice is made.
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBe(OWNER_KEY);
    expect(screen.getByRole("button", { name: "Share read-only link" })).toBeDefined();
    expect(screen.getByTestId("location").textContent).toBe("/stats");
    fireEvent.click(screen.getByRole("button", { name: "Keep mine" }));
    expect(screen.queryByRole("region", { name: /This link holds/ })).toBeNull();
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBe(OWNER_KEY);
    expect(screen.getByRole("button", { name: "Share read-only link" })).toBeDefined();
  });

  it("switches to the link's key only when the owner asks", () => {
    localStorage.setItem(STATS_KEY_STORAGE, OWNER_KEY);
    renderPage(`/stats?key=${SHARE_KEY}`);
    fireEvent.click(screen.getByRole("button", { name: "Use the link's key" }));
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBe(SHARE_KEY);
    expect(screen.getByText("Read-only")).toBeDefined();
    expect(screen.queryByRole("button", { name: "Share read-only link" })).toBeNull();
  });

  it("a link with a wrong key neither deletes the stored key nor asks for a key", () => {
    localStorage.setItem(STATS_KEY_STORAGE, OWNER_KEY);
    renderPage("/stats?key=not-a-key");
    expect(screen.getByRole("region", { name: "This link holds a key that is not accepted." })).toBeDefined();
    expect(screen.queryByLabelText("Stats key")).toBeNull();
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBe(OWNER_KEY);
    expect(screen.getByText(summary.current.views.toLocaleString())).toBeDefined();
  });

  it("offers the owner the read-only share link", () => {
    localStorage.setItem(STATS_KEY_STORAGE, OWNER_KEY);
    renderPage();
    fireEvent.click(screen.getByRole("button", { name: "Share read-only link" }));
    expect(screen.getByLabelText<HTMLInputElement>("Read-only link").value).toBe(`${window.location.origin}/stats?key=${SHARE_KEY}`);
    expect(screen.queryByText("Read-only")).toBeNull();
  });

  it("tells a share link's holder the view is read-only, with no share control", () => {
    renderPage(`/stats?key=${SHARE_KEY}`);
    expect(screen.getByText(summary.current.views.toLocaleString())).toBeDefined();
    expect(screen.getByText("Read-only")).toBeDefined();
    expect(screen.queryByRole("button", { name: "Share read-only link" })).toBeNull();
  });

  it("forgets the key in this browser on request, and asks for it again", () => {
    localStorage.setItem(STATS_KEY_STORAGE, OWNER_KEY);
    const { container } = renderPage();
    fireEvent.click(screen.getByRole("button", { name: "Forget this key" }));
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBeNull();
    expect(screen.getByLabelText("Stats key")).toBeDefined();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(container.textContent).not.toMatch(/\d/);
  });

  it("says a refused key was not accepted and forgets it", () => {
    localStorage.setItem(STATS_KEY_STORAGE, "revoked");
    const { container } = renderPage();
    expect(screen.getByRole("alert").textContent).toBe("That key was not accepted.");
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBeNull();
    expect(container.textContent).not.toMatch(/\d/);
  });

  it("lets other errors through to the page's error message", () => {
    mockedUseQuery.mockImplementation(() => {
      throw new Error("Could not find public function");
    });
    renderPage();
    expect(screen.getByRole("alert").textContent).toMatch(/could not be loaded/);
    expect(screen.queryByLabelText("Stats key")).toBeNull();
  });
});
