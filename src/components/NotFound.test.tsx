import { fireEvent, screen, within } from "@testing-library/react";
import { useQueries, useQuery } from "convex/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeUseQueries, fakeUseQuery, type QueryResults } from "./testing/fakeQueries";
import { pageLinks, summaries } from "./testing/fixtures";
import { renderApp } from "./testing/renderApp";

vi.mock("convex/react", () => ({ useQuery: vi.fn(), useQueries: vi.fn(), useConvex: () => ({ mutation: async () => null }) }));
vi.mock("../tracking/usePageTracking", () => ({ usePageTracking: vi.fn() }));

describe("the 404 page's search", () => {
  beforeEach(() => {
    vi.spyOn(window, "scrollTo").mockImplementation(() => {});
    const results: QueryResults = {
      "pages:list": pageLinks,
      "posts:list": summaries,
      "posts:getBySlug": null,
      "pages:getBySlug": null,
      "posts:movedTo": null,
      "presence:readers": 1,
      "search:index": { vocabulary: "", entries: [], next: null },
    };
    vi.mocked(useQuery).mockImplementation(fakeUseQuery(results));
    vi.mocked(useQueries).mockImplementation(fakeUseQueries(results));
  });

  const notFound = () => screen.getByRole("region", { name: "Page not found" });

  it("offers a labelled search button that opens the site's search dialog and takes focus back on close", async () => {
    renderApp("/no-such-post");
    const button = within(notFound()).getByRole("button", { name: "Search posts and pages" });
    expect(button.getAttribute("aria-haspopup")).toBe("dialog");
    fireEvent.click(button);
    const box = await screen.findByRole("combobox", { name: "Search posts and pages" });
    expect(document.activeElement).toBe(box);
    expect(screen.getAllByRole("dialog")).toHaveLength(1);
    fireEvent.keyDown(box, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it("leaves / to the header's button, so the shortcut opens one dialog", async () => {
    renderApp("/no-such-post");
    fireEvent.keyDown(document.body, { key: "/" });
    const box = await screen.findByRole("combobox");
    expect(screen.getAllByRole("dialog")).toHaveLength(1);
    fireEvent.keyDown(box, { key: "Escape" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Search" }));
  });
});
