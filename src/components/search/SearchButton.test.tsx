import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { useQuery } from "convex/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SearchResult } from "../../../convex/validators";
import { fakeUseQuery } from "../testing/fakeQueries";
import { pageLinks, postDetail, summaries } from "../testing/fixtures";
import { renderApp } from "../testing/renderApp";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
vi.mock("../../tracking/usePageTracking", () => ({ usePageTracking: vi.fn() }));

const found: SearchResult[] = [
  {
    type: "post",
    slug: "live-stats",
    title: "How the live stats work",
    date: "2025-03-07",
    snippet: [
      { text: "Views and a ", match: false },
      { text: "rollup", match: true },
    ],
  },
  { type: "page", slug: "how-to-publish", title: "How to publish", snippet: [{ text: "rollup again", match: false }] },
];

function withSearch(answer: (query: string) => SearchResult[] | undefined) {
  const asked: string[] = [];
  // Convex hands back the same array until the result changes.
  const answers = new Map<string, SearchResult[] | undefined>();
  const stable = (query: string) => {
    if (!answers.has(query)) answers.set(query, answer(query));
    return answers.get(query);
  };
  vi.mocked(useQuery).mockImplementation(
    fakeUseQuery({
      "pages:list": pageLinks,
      "posts:listPage": { posts: summaries, page: 1, pageCount: 1 },
      "posts:getBySlug": ({ slug }: { slug: string }) => (slug === "how-to-publish" ? postDetail : null),
      "pages:getBySlug": null,
      "posts:getEnd": null,
      "presence:readers": 1,
      "search:search": ({ query }: { query: string }) => (asked.push(query), stable(query)),
    }),
  );
  return asked;
}

async function openWithSlash() {
  fireEvent.keyDown(document.body, { key: "/" });
  return screen.findByRole("combobox", { name: "Search posts and pages" });
}

describe("search", () => {
  beforeEach(() => {
    vi.spyOn(window, "scrollTo").mockImplementation(() => {});
  });

  it("opens from the header button and from /, with focus in the box", async () => {
    withSearch(() => []);
    renderApp("/");
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    const box = await screen.findByRole("combobox");
    expect(document.activeElement).toBe(box);
    expect(screen.getByRole("status").textContent).toMatch(/Type a word/);
    fireEvent.keyDown(box, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Search" }));
    expect(await openWithSlash()).toBeTruthy();
  });

  it("asks once typing pauses, lists results with the match marked, and opens the chosen one with Enter", async () => {
    const asked = withSearch((query) => (query === "rollup" ? found : []));
    renderApp("/");
    const box = await openWithSlash();
    fireEvent.change(box, { target: { value: "r" } });
    fireEvent.change(box, { target: { value: "rollup" } });
    const list = await screen.findByRole("listbox", { name: "Results" });
    expect(new Set(asked)).toEqual(new Set(["rollup"]));
    const options = within(list).getAllByRole("option");
    expect(options.map((o) => o.querySelector(".search-result-title")?.textContent)).toEqual(["How the live stats work", "How to publish"]);
    expect(options[0]!.textContent).toContain("Post · March 7, 2025");
    expect(options[1]!.textContent).toContain("Page");
    expect(options[0]!.querySelector("mark")?.textContent).toBe("rollup");
    expect(box.getAttribute("aria-expanded")).toBe("true");
    expect(box.getAttribute("aria-activedescendant")).toBe(options[0]!.id);
    expect(options[0]!.getAttribute("aria-selected")).toBe("true");

    fireEvent.keyDown(box, { key: "ArrowDown" });
    expect(box.getAttribute("aria-activedescendant")).toBe(options[1]!.id);
    fireEvent.keyDown(box, { key: "ArrowDown" });
    expect(box.getAttribute("aria-activedescendant")).toBe(options[0]!.id);
    fireEvent.keyDown(box, { key: "ArrowUp" });
    await act(async () => fireEvent.keyDown(box, { key: "Enter" }));

    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByRole("heading", { level: 1, name: "How to publish" })).toBeTruthy();
  });

  it("says when nothing matches, and while the first answer loads", async () => {
    withSearch((query) => (query === "zzz" ? [] : undefined));
    renderApp("/");
    const box = await openWithSlash();
    fireEvent.change(box, { target: { value: "slow" } });
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Searching…"));
    fireEvent.change(box, { target: { value: "zzz" } });
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Nothing matches “zzz”."));
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(box.getAttribute("aria-expanded")).toBe("false");
  });

  it("caps what can be typed", async () => {
    withSearch(() => []);
    renderApp("/");
    expect((await openWithSlash()).getAttribute("maxLength")).toBe("200");
  });
});
