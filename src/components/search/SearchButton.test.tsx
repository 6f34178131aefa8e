import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { useQueries, useQuery } from "convex/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { packIndex } from "../../../convex/search.pack";
import type { SearchSnippet } from "../../../convex/validators";
import { fakeUseQueries, fakeUseQuery, type QueryResults } from "../testing/fakeQueries";
import { pageLinks, postDetail, summaries } from "../testing/fixtures";
import { renderApp } from "../testing/renderApp";

// Searches the tests make are sent to a client that answers nothing.
vi.mock("convex/react", () => ({ useQuery: vi.fn(), useQueries: vi.fn(), useConvex: () => ({ mutation: async () => null }) }));
vi.mock("../../tracking/usePageTracking", () => ({ usePageTracking: vi.fn() }));

const index = {
  next: null,
  ...packIndex([
  {
    kind: "post",
    slug: "live-stats",
    title: "How the live stats work",
    date: "2025-03-07",
    description: "Views and a rollup.",
    tags: ["analytics"],
    headings: "The rollup",
    words: "views rollup watermark",
  },
  { kind: "page", slug: "how-to-publish", title: "How to publish", description: "", tags: [], headings: "", words: "rollup again" },
  ]),
};

/** `loading`: the index has not arrived yet. */
function withSearch({ loading = false } = {}) {
  const asked: Array<{ slugs: string[]; marks: string[] }> = [];
  // Convex hands back the same array until the result changes.
  const answers = new Map<string, SearchSnippet[]>();
  const results: QueryResults = {
    "pages:list": pageLinks,
    "posts:listPage": { posts: summaries, page: 1, pageCount: 1 },
    "posts:getBySlug": ({ slug }: { slug: string }) => (slug === "how-to-publish" ? postDetail : null),
    "pages:getBySlug": null,
    "posts:getEnd": null,
    "presence:readers": 1,
    "tags:list": [],
    "search:index": loading ? undefined : index,
    "search:snippets": (args: { slugs: string[]; marks: string[] }) => {
      asked.push(args);
      const key = JSON.stringify(args);
      if (!answers.has(key)) answers.set(key, args.slugs.map((slug) => ({ slug, snippet: [{ text: "A ", match: false }, { text: "rollup", match: true }] })));
      return answers.get(key);
    },
  };
  vi.mocked(useQuery).mockImplementation(fakeUseQuery(results));
  vi.mocked(useQueries).mockImplementation(fakeUseQueries(results));
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
    withSearch();
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

  it("answers every key from the index, lists results with the match marked, and opens the chosen one with Enter", async () => {
    const asked = withSearch();
    renderApp("/");
    const box = await openWithSlash();
    fireEvent.change(box, { target: { value: "r" } });
    fireEvent.change(box, { target: { value: "rollup" } });
    const list = await screen.findByRole("listbox", { name: "Results" });
    const options = within(list).getAllByRole("option");
    expect(options.map((o) => o.querySelector(".search-result-title")?.textContent)).toEqual(["How the live stats work", "How to publish"]);
    expect(options[0]!.textContent).toContain("Post · March 7, 2025 · analytics");
    expect(options[1]!.textContent).toContain("Page");
    // The quotes are asked for once typing pauses, for the words that matched.
    await waitFor(() => expect(options[0]!.querySelector("mark")?.textContent).toBe("rollup"));
    expect(asked.map((a) => a.slugs.join())).not.toContain("");
    expect(asked.at(-1)).toEqual({ slugs: ["live-stats", "how-to-publish"], marks: ["rollup"] });
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

  it("never shows a quote marking another query's words; the description stands in until the new one arrives", async () => {
    withSearch();
    renderApp("/");
    const box = await openWithSlash();
    fireEvent.change(box, { target: { value: "rollup" } });
    const first = () => within(screen.getByRole("listbox", { name: "Results" })).getAllByRole("option")[0]!;
    await waitFor(() => expect(first().querySelector("mark")?.textContent).toBe("rollup"));
    fireEvent.change(box, { target: { value: "watermark" } });
    expect(first().querySelector("mark")).toBeNull();
    expect(first().querySelector(".search-result-snippet")?.textContent).toBe("Views and a rollup.");
    await waitFor(() => expect(first().querySelector("mark")).not.toBeNull());
  });

  it("says while the index loads, and forgives a typo", async () => {
    withSearch({ loading: true });
    const { unmount } = renderApp("/");
    const box = await openWithSlash();
    fireEvent.change(box, { target: { value: "rollup" } });
    expect(screen.getByRole("status").textContent).toBe("Loading search…");
    unmount();
    withSearch();
    renderApp("/");
    fireEvent.change(await openWithSlash(), { target: { value: "watermrk" } });
    expect(screen.getByRole("status").textContent).toBe("1 result for “watermark”. Arrow keys to choose, Enter to open.");
  });

  it("when nothing matches, offers a correction, tags and the latest posts", async () => {
    withSearch();
    renderApp("/");
    const box = await openWithSlash();
    fireEvent.change(box, { target: { value: "analitycs" } });
    expect(screen.getByRole("status").textContent).toBe("Nothing matches “analitycs”.");
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(box.getAttribute("aria-expanded")).toBe("false");
    const tags = screen.getByRole("region", { name: "Tags" });
    expect(within(tags).getByRole("link", { name: /analytics/ }).getAttribute("href")).toBe("/tags/analytics");
    const latest = screen.getByRole("region", { name: "Latest posts" });
    expect(within(latest).getByRole("link", { name: "How the live stats work" }).getAttribute("href")).toBe("/live-stats");
    fireEvent.click(screen.getByRole("button", { name: "analytics" }));
    expect((box as HTMLInputElement).value).toBe("analytics");
    expect(document.activeElement).toBe(box);
    await screen.findByRole("listbox", { name: "Results" });
  });

  it("caps what can be typed", async () => {
    withSearch();
    renderApp("/");
    expect((await openWithSlash()).getAttribute("maxLength")).toBe("200");
  });
});
