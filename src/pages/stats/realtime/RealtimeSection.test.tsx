import { render, screen, within } from "@testing-library/react";
import { useQuery } from "convex/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Id } from "../../../../convex/_generated/dataModel";
import type { RealtimeAnswer, RealtimeView } from "../../../../convex/validators";
import { fakeUseQuery } from "../../../components/testing/fakeQueries";
import { everyMinute, realtimeSince } from "./minutes";
import { RealtimeSection } from "./RealtimeSection";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
const mockedUseQuery = vi.mocked(useQuery);

const NOW = Date.UTC(2025, 0, 1, 12, 30, 20);
const MIN = 60_000;
const SINCE = Date.UTC(2025, 0, 1, 12, 1);

const view = (n: number, extra: Partial<RealtimeView> = {}): RealtimeView => ({
  id: `view${n}` as Id<"pageViews">,
  timestamp: NOW - n * 1000,
  path: "/hello",
  title: "Hello",
  source: null,
  country: "JP",
  device: "mobile",
  ...extra,
});

function answer(latest: RealtimeView[]): RealtimeAnswer {
  return {
    minutes: [{ start: SINCE + 29 * MIN, visitors: latest.length, views: latest.length }],
    visitors: latest.length,
    views: latest.length,
    latest,
    from: SINCE,
    truncated: false,
  };
}

let current: RealtimeAnswer | undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
  vi.setSystemTime(NOW);
  current = undefined;
  mockedUseQuery.mockImplementation(fakeUseQuery({ "realtime:lastMinutes": () => current }));
});
afterEach(() => {
  vi.useRealTimers();
  vi.clearAllMocks();
});

describe("the realtime view", () => {
  it("asks for the last 29 whole minutes and the current one", () => {
    expect(realtimeSince(NOW)).toBe(SINCE);
    render(<RealtimeSection statsKey="k" />);
    expect(mockedUseQuery.mock.calls.at(-1)![1]).toEqual({ since: SINCE, key: "k" });
    expect(screen.getByRole("status").textContent).toMatch(/Loading/);
  });

  it("fills the window with 30 minutes, zeros included, and pales the minutes before counting starts", () => {
    const minutes = everyMinute([{ start: SINCE + 2 * MIN, visitors: 3, views: 4 }], SINCE, SINCE + 2 * MIN);
    expect(minutes).toHaveLength(30);
    expect(minutes[2]).toEqual({ start: SINCE + 2 * MIN, visitors: 3, views: 4, counted: true });
    expect(minutes[1]).toEqual({ start: SINCE + MIN, visitors: 0, views: 0, counted: false });
  });

  it("lists each view's page, source, country and device, and marks the views that arrive after it opened", () => {
    current = answer([view(2, { source: "Google", country: "DE", device: "desktop" }), view(5)]);
    const { rerender } = render(<RealtimeSection statsKey={undefined} />);
    const region = screen.getByRole("region", { name: "Last 30 minutes" });
    expect(region.querySelector(".rt__totals")?.textContent).toBe("2 visitors · 2 views");
    const list = within(region).getByRole("list", { name: "Latest views, newest first" });
    const items = () => within(list).getAllByRole("listitem");
    expect(items().map((li) => li.textContent)).toEqual([
      expect.stringMatching(/Hello.*Google · Germany · Desktop$/),
      expect.stringMatching(/Hello.*Direct · Japan · Mobile$/),
    ]);
    expect(items().some((li) => li.hasAttribute("data-new"))).toBe(false);

    current = answer([view(0, { path: "/tags", title: null }), view(2), view(5)]);
    rerender(<RealtimeSection statsKey={undefined} />);
    expect(items()[0]!.getAttribute("data-new")).toBe("true");
    expect(items()[0]!.textContent).toMatch(/\/tags.*\(new\)$/);
    expect(items().slice(1).some((li) => li.hasAttribute("data-new"))).toBe(false);
    // The per-minute table is the bars' text alternative.
    expect(within(region).getByRole("table", { name: /per minute/ })).toBeDefined();
  });

  it("says when nobody came in the last 30 minutes", () => {
    current = answer([]);
    render(<RealtimeSection statsKey={undefined} />);
    expect(screen.getByText("No views in the last 30 minutes.")).toBeDefined();
  });
});
