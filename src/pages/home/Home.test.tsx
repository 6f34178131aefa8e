import { fireEvent, screen, within } from "@testing-library/react";
import { useQuery } from "convex/react";
import { useEffect } from "react";
import { useLocation } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { usePageTracking } from "../../tracking/usePageTracking";
import { fakeUseQuery, type QueryResults } from "../../components/testing/fakeQueries";
import { pageLinks, summaries } from "../../components/testing/fixtures";
import { renderApp } from "../../components/testing/renderApp";
import { MAIN_ID } from "../../lib/appIds";
import { site } from "../../site";
import type { PostSummary } from "../../../convex/validators";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
vi.mock("../../tracking/usePageTracking", () => ({ usePageTracking: vi.fn() }));

const onePage = (posts: PostSummary[]) => ({ posts, page: 1, pageCount: 1 });

function withData(results: QueryResults) {
  vi.mocked(useQuery).mockImplementation(fakeUseQuery(results));
}

describe("Home", () => {
  beforeEach(() => {
    vi.spyOn(window, "scrollTo").mockImplementation(() => {});
    vi.mocked(usePageTracking).mockReset();
  });

  it("shows the title, intro and posts newest first with their details", () => {
    // Oldest first on purpose: the page must not depend on arrival order.
    withData({ "posts:listPage": onePage([...summaries].reverse()), "pages:list": pageLinks });
    const { container } = renderApp("/");
    // Says what the blog is; the header already shows its name.
    expect(screen.getByRole("heading", { level: 1, name: site.heading })).toBeTruthy();
    // The header already shows the logo and the pages; the intro repeats neither.
    expect(container.querySelector(".intro img")).toBeNull();
    expect(screen.queryByRole("navigation", { name: "Pages" })).toBeNull();
    expect(screen.getByText(/published with one command/)).toBeTruthy();

    const items = within(screen.getByRole("region", { name: "Posts" })).getAllByRole("article");
    expect(items.map((item) => within(item).getByRole("heading").textContent)).toEqual([
      "How the live stats work",
      "How to publish",
    ]);
    const first = items[0]!;
    expect(within(first).getByRole("link", { name: "How the live stats work" }).getAttribute("href")).toBe("/live-stats");
    expect(within(first).getByText("March 7, 2025").getAttribute("datetime")).toBe("2025-03-07");
    expect(within(first).getByText("6 min read")).toBeTruthy();
    expect(within(within(first).getByRole("list", { name: "Tags" })).getAllByRole("listitem").map((t) => t.textContent)).toEqual([
      "convex",
      "privacy",
    ]);
    expect(within(first).getByText("Views, sessions and a rollup, without cookies.")).toBeTruthy();
  });

  it("links to the fixed routes, then the pages in order, from the main navigation", () => {
    withData({ "posts:listPage": onePage(summaries), "pages:list": pageLinks });
    renderApp("/");
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getAllByRole("link").map((a) => a.textContent)).toEqual(["Home", "Archive", "Tags", "Stats", "About", "Projects", "Contact"]);
    expect(within(nav).getByRole("link", { name: "Home" }).getAttribute("aria-current")).toBe("page");
    expect(within(nav).getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual(["/", "/archive", "/tags", "/stats", "/about", "/projects", "/contact"]);
  });

  it("shows a loading status, not an empty state, while posts load", () => {
    withData({ "posts:listPage": undefined, "pages:list": undefined });
    renderApp("/");
    expect(screen.getByRole("status").textContent).toContain("Loading posts");
    expect(screen.queryByText("No posts published yet.")).toBeNull();
    // The fixed links do not wait for the pages query.
    expect(within(screen.getByRole("navigation", { name: "Main" })).getAllByRole("link")).toHaveLength(4);
  });

  it("shows a post's image as its card picture: sized, lazy, decorative", () => {
    const withImage = { ...summaries[1]!, image: "/images/publish.png", imageWidth: 1200, imageHeight: 600 };
    withData({ "posts:listPage": onePage([summaries[0]!, withImage]), "pages:list": pageLinks });
    const { container } = renderApp("/");
    const card = screen.getByRole("heading", { name: withImage.title }).closest("article")!;
    const picture = card.querySelector("img")!;
    expect([picture.getAttribute("src"), picture.getAttribute("width"), picture.getAttribute("height")]).toEqual([
      withImage.image,
      String(withImage.imageWidth),
      String(withImage.imageHeight),
    ]);
    expect([picture.getAttribute("loading"), picture.getAttribute("alt")]).toEqual(["lazy", ""]);
    // A post without an image gets no empty picture box.
    expect(container.querySelectorAll(".post-list img")).toHaveLength(1);
  });

  it("loads the first card's picture at once: it is on the first screen", () => {
    const withImage = { ...summaries[0]!, image: "/images/a.png", imageWidth: 1200, imageHeight: 600 };
    withData({ "posts:listPage": onePage([withImage, summaries[1]!]), "pages:list": pageLinks });
    const { container } = renderApp("/");
    expect(container.querySelector(".post-list img")!.getAttribute("loading")).toBe("eager");
  });

  it("keeps headings in order: h1, h2 Posts, h3 titles on page 1; h1, h2 titles on later pages", () => {
    const levels = () => [...document.querySelectorAll("main :is(h1, h2, h3)")].map((h) => h.tagName);
    withData({ "posts:listPage": onePage(summaries), "pages:list": pageLinks });
    const { unmount } = renderApp("/");
    expect(levels()).toEqual(["H1", "H2", ...summaries.map(() => "H3")]);
    unmount();
    withData({ "posts:listPage": { posts: summaries, page: 2, pageCount: 2 }, "pages:list": pageLinks });
    renderApp("/page/2");
    expect(levels()).toEqual(["H1", ...summaries.map(() => "H2")]);
  });

  it("says so when nothing is published", () => {
    withData({ "posts:listPage": onePage([]), "pages:list": [] });
    renderApp("/");
    expect(screen.getByText("No posts published yet.")).toBeTruthy();
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("has the page landmarks and a skip link", () => {
    withData({ "posts:listPage": onePage(summaries), "pages:list": pageLinks });
    renderApp("/");
    expect(screen.getByRole("banner")).toBeTruthy();
    expect(screen.getByRole("main").id).toBe(MAIN_ID);
    expect(screen.getByRole("contentinfo")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Skip to content" }).getAttribute("href")).toBe(`#${MAIN_ID}`);
  });

  it("moves focus to the new content after a client-side navigation, not on the first load", () => {
    withData({ "posts:listPage": onePage(summaries), "pages:list": pageLinks });
    renderApp("/");
    expect(document.activeElement).toBe(document.body);
    fireEvent.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "Stats" }));
    expect(document.activeElement).toBe(screen.getByRole("main"));
  });

  it("mounts page tracking exactly once, inside the router, with the current path", () => {
    let mounts = 0;
    vi.mocked(usePageTracking).mockImplementation(function useFakeTracking(path: string) {
      expect(path).toBe(useLocation().pathname);
      useEffect(() => {
        mounts += 1;
      }, []);
    });
    withData({ "posts:listPage": onePage(summaries), "pages:list": pageLinks });
    renderApp("/");
    expect(mounts).toBe(1);
  });

  it("cycles the theme from the header toggle, naming current and next", () => {
    localStorage.clear();
    document.documentElement.setAttribute("data-theme", "tan");
    withData({ "posts:listPage": onePage([]), "pages:list": [] });
    renderApp("/");
    const toggle = screen.getByRole("button", { name: /^Theme:/ });
    expect(toggle.getAttribute("aria-label")).toBe("Theme: Tan. Switch to Cloud");
    fireEvent.click(toggle);
    expect(screen.getByRole("button", { name: /^Theme:/ }).getAttribute("aria-label")).toBe("Theme: Cloud. Switch to Dark");
    expect(document.documentElement.getAttribute("data-theme")).toBe("cloud");
    expect(localStorage.getItem("theme")).toBe("cloud");
  });
});
