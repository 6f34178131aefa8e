import { screen, waitFor, within } from "@testing-library/react";
import { useQuery } from "convex/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeUseQuery } from "../testing/fakeQueries";
import { pageLinks, summaries } from "../testing/fixtures";
import { renderApp } from "../testing/renderApp";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
vi.mock("../../tracking/usePageTracking", () => ({ usePageTracking: vi.fn() }));

function withPages(pageCount: number) {
  const asked: number[] = [];
  const answer = ({ page }: { page: number }) => (asked.push(page), page > pageCount ? null : { posts: summaries, page, pageCount });
  vi.mocked(useQuery).mockImplementation(
    fakeUseQuery({
      "pages:list": pageLinks,
      "posts:listPage": answer,
      "posts:list": summaries,
      "tags:getPosts": ({ tag, page }: { tag: string; page: number }) => {
        const found = answer({ page });
        return found && { tag, count: 45, ...found };
      },
    }),
  );
  return asked;
}

const pager = () => screen.getByRole("navigation", { name: "Pagination" });

describe("pagination", () => {
  beforeEach(() => {
    vi.spyOn(window, "scrollTo").mockImplementation(() => {});
  });

  it("a middle page of the home list links to its neighbours and has its own title", async () => {
    withPages(3);
    renderApp("/page/2");
    expect(screen.getByRole("heading", { level: 1, name: "Posts, page 2" })).toBeTruthy();
    expect(within(pager()).getByText("Page 2 of 3")).toBeTruthy();
    expect(within(pager()).getByRole("link", { name: "← Newer posts" }).getAttribute("href")).toBe("/");
    expect(within(pager()).getByRole("link", { name: "Older posts →" }).getAttribute("href")).toBe("/page/3");
    await waitFor(() => expect(document.title).toBe("Posts, page 2 · markdown-site"));
  });

  it("the first and last pages link one way only; one page needs no pager", () => {
    withPages(2);
    const { unmount } = renderApp("/");
    expect(within(pager()).getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual(["/page/2"]);
    unmount();
    renderApp("/page/2");
    expect(within(pager()).getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual(["/"]);
  });

  it("no pager when everything fits one page", () => {
    withPages(1);
    renderApp("/");
    expect(screen.queryByRole("navigation", { name: "Pagination" })).toBeNull();
  });

  it.each(["/page/1", "/page/0", "/page/x", "/page/9"])("%s is a 404", (path) => {
    const asked = withPages(3);
    renderApp(path);
    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeTruthy();
    expect(asked.every((page) => page === 9)).toBe(true);
  });

  it("tag pages page too", async () => {
    withPages(3);
    renderApp("/tags/convex/page/3");
    expect(await screen.findByRole("heading", { level: 1, name: "Posts tagged convex, page 3" })).toBeTruthy();
    expect(within(pager()).getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual(["/tags/convex/page/2"]);
  });
});
