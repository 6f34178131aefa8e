import { fireEvent, render, screen, within } from "@testing-library/react";
import { useQuery } from "convex/react";
import { getFunctionName, type FunctionReference } from "convex/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { BreakdownTable, VISIBLE_ROWS } from "./BreakdownTable";
import type { BreakdownRow, DashboardBreakdown, PanelQueryArgs } from "./types";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
const mockedUseQuery = vi.mocked(useQuery);

const rows: BreakdownRow[] = Array.from({ length: 12 }, (_, i) => ({
  value: `/post-${i}`,
  label: `Post ${String.fromCharCode(65 + i)}`,
  visitors: 100 - i * 5,
  views: 10 + i,
  engagedMs: null,
  completion: null,
}));

const query: PanelQueryArgs = { range: "7d", anchor: 1, filters: [], dimension: "source" };

/** The query's answer for `limit` rows of `list`, or undefined (loading) when `loading`. */
function answering(list: BreakdownRow[], loading = false) {
  mockedUseQuery.mockImplementation(((ref: FunctionReference<"query">, args: { limit?: number }) => {
    expect(getFunctionName(ref)).toBe("dashboard:breakdown");
    if (loading) return undefined;
    const answer: DashboardBreakdown = {
      rows: list.slice(0, args.limit ?? VISIBLE_ROWS),
      rowCount: list.length,
      truncated: false,
      visitorsApproximate: false,
      sampleVisits: null,
      catchingUp: false,
    };
    return answer;
  }) as typeof useQuery);
}

/** The table as a panel renders it: the first rows of `list` and how many there are. */
function renderTable(list = rows, onPick = vi.fn()) {
  answering(list);
  render(
    <BreakdownTable caption="Top pages" query={query} rows={list.slice(0, VISIBLE_ROWS)} rowCount={list.length} pinned={undefined} onPick={onPick} />,
  );
  return onPick;
}

const names = (table: HTMLElement) =>
  within(table)
    .getAllByRole("rowheader")
    .map((h) => h.textContent);

describe("BreakdownTable and its Show all dialog", () => {
  beforeEach(() => {
    mockedUseQuery.mockReset();
  });

  it("asks for every row only while the dialog is open", () => {
    renderTable();
    expect(mockedUseQuery).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Show all 12" }));
    expect(mockedUseQuery).toHaveBeenCalledWith(expect.anything(), { ...query, limit: 100 });
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Close" }));
    mockedUseQuery.mockClear();
    fireEvent.click(screen.getByRole("button", { name: "Post A" }));
    expect(mockedUseQuery).not.toHaveBeenCalled();
  });

  it("says the rows are loading until they come", () => {
    renderTable();
    answering(rows, true);
    fireEvent.click(screen.getByRole("button", { name: "Show all 12" }));
    const dialog = screen.getByRole("dialog");
    expect(within(dialog).getByRole("status").textContent).toBe("Loading all rows…");
    expect(within(dialog).queryAllByRole("rowheader")).toHaveLength(0);
  });

  it("lists only as many rows as there are, with no Show all for a short list", () => {
    renderTable(rows.slice(0, 3));
    expect(names(screen.getByRole("table"))).toHaveLength(3);
    expect(screen.queryByRole("button", { name: /Show all/ })).toBeNull();
  });

  it("lists at most VISIBLE_ROWS rows and opens the rest in a labelled dialog", () => {
    renderTable();
    expect(names(screen.getByRole("table"))).toHaveLength(VISIBLE_ROWS);
    const opener = screen.getByRole("button", { name: "Show all 12" });
    expect(opener.getAttribute("aria-haspopup")).toBe("dialog");
    fireEvent.click(opener);
    const dialog = screen.getByRole("dialog", { name: "Top pages" });
    expect(names(within(dialog).getByRole("table"))).toHaveLength(12);
    expect(document.activeElement).toBe(within(dialog).getByRole("searchbox", { name: "Search" }));
  });

  it("searches and sorts by any column", () => {
    renderTable();
    fireEvent.click(screen.getByRole("button", { name: "Show all 12" }));
    const dialog = screen.getByRole("dialog");
    const table = () => within(dialog).getByRole("table");
    fireEvent.change(within(dialog).getByRole("searchbox"), { target: { value: "post k" } });
    expect(names(table())).toEqual(["Post K"]);
    expect(within(dialog).getByText("1 of 12 rows")).toBeDefined();
    fireEvent.change(within(dialog).getByRole("searchbox"), { target: { value: "" } });

    const viewsHeader = within(dialog).getByRole("columnheader", { name: /Views/ });
    fireEvent.click(within(viewsHeader).getByRole("button"));
    expect(viewsHeader.getAttribute("aria-sort")).toBe("descending");
    expect(names(table())[0]).toBe("Post L");
    fireEvent.click(within(viewsHeader).getByRole("button"));
    expect(viewsHeader.getAttribute("aria-sort")).toBe("ascending");
    expect(names(table())[0]).toBe("Post A");

    const labelHeader = within(dialog).getByRole("columnheader", { name: /Top pages/ });
    fireEvent.click(within(labelHeader).getByRole("button"));
    expect(labelHeader.getAttribute("aria-sort")).toBe("ascending");
    expect(names(table()).slice(0, 2)).toEqual(["Post A", "Post B"]);
  });

  it("keeps Tab inside, closes on Escape and gives focus back to the opener", () => {
    renderTable();
    const opener = screen.getByRole("button", { name: "Show all 12" });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole("dialog");
    const close = within(dialog).getByRole("button", { name: "Close" });
    const last = within(dialog).getAllByRole("button").at(-1)!;
    last.focus();
    fireEvent.keyDown(last, { key: "Tab" });
    expect(document.activeElement).toBe(close);
    fireEvent.keyDown(close, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(last);
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("filters by a row picked in the dialog and closes it", () => {
    const onPick = renderTable();
    fireEvent.click(screen.getByRole("button", { name: "Show all 12" }));
    fireEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Post L" }));
    expect(onPick).toHaveBeenCalledWith("/post-11");
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
