import { useQuery } from "convex/react";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { MemoryRouter, useLocation } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeUseQuery } from "../../../../components/testing/fakeQueries";
import type { GoalReport, LinkReport } from "../../../../../convex/validators";
import { GoalsPanel } from "./GoalsPanel";
import { NotFoundPanel, OutboundPanel } from "./LinkPanels";
import { goalsCsv, linkCsv } from "./linkExports";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
const mockedUseQuery = vi.mocked(useQuery);

const ARGS = { range: "7d" as const, anchor: 1, filters: [] };

const MISSING: LinkReport = {
  rows: [
    {
      value: "/old-post",
      host: "",
      count: 3,
      visitors: 2,
      froms: [
        { from: "Hacker News", fromKind: "source", count: 2 },
        { from: "/hello", fromKind: "page", fromTitle: "Hello", count: 1 },
      ],
    },
  ],
  truncated: false,
  visitorsApproximate: false,
};
const HOSTS: LinkReport = { rows: [{ value: "github.com", host: "github.com", count: 4, visitors: 3, froms: [{ from: "/hello", fromKind: "page", fromTitle: "Hello", count: 4 }] }], truncated: false, visitorsApproximate: false };
const URLS: LinkReport = { rows: [{ ...HOSTS.rows[0]!, value: "https://github.com/me" }], truncated: false, visitorsApproximate: false };
const GOALS: GoalReport = {
  visitors: 10,
  goals: [
    { id: "about", name: "Read About", kind: "visit", target: "/about", visitors: 2, conversions: 3, rate: 0.2, approximate: false },
    { id: "github", name: "Went to GitHub", kind: "outbound", target: "github.com", visitors: 1, conversions: 1, rate: 0.1, approximate: false },
  ],
};

function Location() {
  const loc = useLocation();
  return <span data-testid="location">{loc.search}</span>;
}

function renderAt(url: string, ui: React.ReactNode) {
  mockedUseQuery.mockImplementation(
    fakeUseQuery({
      "links:report": (args: { kind: string; groupBy: string }) => (args.kind === "notFound" ? MISSING : args.groupBy === "host" ? HOSTS : URLS),
      "goals:report": GOALS,
    }),
  );
  return render(
    <MemoryRouter initialEntries={[url]}>
      {ui}
      <Location />
    </MemoryRouter>,
  );
}

afterEach(() => mockedUseQuery.mockReset());

describe("link panels", () => {
  it("Not found lists each missing path with where its readers came from; a click filters by it", () => {
    const onFilter = vi.fn();
    renderAt("/stats", <NotFoundPanel args={ARGS} onFilter={onFilter} />);
    const table = screen.getByRole("table", { name: "Missing pages" });
    expect(within(table).getByText("/old-post")).toBeDefined();
    expect(within(table).getByText("from: Hacker News (2), Hello (/hello) (1)")).toBeDefined();
    fireEvent.click(within(table).getByRole("button", { name: "/old-post" }));
    expect(onFilter).toHaveBeenCalledWith({ dimension: "page", value: "/old-post" });
  });

  it("outbound links list hosts; a host drills down to its links, in the URL", () => {
    renderAt("/stats", <OutboundPanel args={ARGS} />);
    fireEvent.click(screen.getByRole("button", { name: "github.com" }));
    expect(screen.getByTestId("location").textContent).toBe("?outHost=github.com");
    expect(screen.getByRole("table", { name: "Links to github.com" })).toBeDefined();
    expect(screen.getByText("github.com/me")).toBeDefined();
    fireEvent.click(screen.getByRole("button", { name: "All hosts" }));
    expect(screen.getByTestId("location").textContent).toBe("");
  });

  it("a goal's click puts it and its filter in the URL; a second click takes them out", () => {
    renderAt("/stats?range=30d", <GoalsPanel args={ARGS} />);
    expect(screen.getByText("20%")).toBeDefined();
    fireEvent.click(screen.getByRole("button", { name: "Read About" }));
    expect(screen.getByTestId("location").textContent).toBe("?range=30d&goal=about&page=%2Fabout");
    fireEvent.click(screen.getByRole("button", { name: "Read About" }));
    expect(screen.getByTestId("location").textContent).toBe("?range=30d");
    fireEvent.click(screen.getByRole("button", { name: "Went to GitHub" }));
    expect(screen.getByTestId("location").textContent).toBe("?range=30d&goal=github&outHost=github.com");
  });

  it("under a filter, says which older events it leaves out and when its figures are a sample", () => {
    const sampled: LinkReport = { ...HOSTS, sample: { events: 4000, from: Date.UTC(2025, 0, 14, 9) }, contextFrom: Date.UTC(2025, 0, 10, 12) };
    mockedUseQuery.mockImplementation(fakeUseQuery({ "links:report": sampled }));
    render(
      <MemoryRouter>
        <OutboundPanel args={{ ...ARGS, filters: [{ dimension: "country", value: "DE" }] }} />
      </MemoryRouter>,
    );
    expect(screen.getByText(/^Filtered from Jan 10, 2025, .* on: older clicks were stored without their visit and can't be filtered\.$/)).toBeDefined();
    expect(screen.getByText(/^≈ Sample: the latest 4,000 matching clicks, from Jan 14, 2025/)).toBeDefined();
    expect(screen.queryByText(/Not split by/)).toBeNull();
  });

  it("exports CSV like the other panels", () => {
    expect(linkCsv("notFound", false, MISSING.rows, false)).toBe(
      "missing path,visitors,views,came from\r\n/old-post,2,3,Hacker News: 2; Hello (/hello): 1\r\n",
    );
    expect(goalsCsv(GOALS).split("\r\n")[1]).toBe("Read About,visit,/about,2,3,0.2");
  });
});
