import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { BreakdownTable, VISIBLE_ROWS } from "./BreakdownTable";
import type { BreakdownRow } from "./types";

const rows: BreakdownRow[] = Array.from({ length: 12 }, (_, i) => ({
  value: `/post-${i}`,
  label: `Post ${String.fromCharCode(65 + i)}`,
  visitors: 100 - i * 5,
  views: 10 + i,
  engagedMs: null,
  completion: null,
}));

function renderTable(list = rows, onPick = vi.fn()) {
  render(<BreakdownTable caption="Top pages" dimension="source" rows={list} pinned={undefined} onPick={onPick} />);
  return onPick;
}

const names = (table: HTMLElement) =>
  within(table)
    .getAllByRole("rowheader")
    .map((h) => h.textContent);

describe("BreakdownTable and its Show all dialog", () => {
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
