import { fireEvent, screen, within } from "@testing-library/react";
import { useQuery } from "convex/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { PostEnd } from "../../../convex/validators";
import { fakeUseQuery } from "../../components/testing/fakeQueries";
import { pageLinks, postDetail, summaries } from "../../components/testing/fixtures";
import { renderApp } from "../../components/testing/renderApp";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
vi.mock("../../tracking/usePageTracking", () => ({ usePageTracking: vi.fn() }));

const older = { slug: "older-one", title: "An older post", date: "2024-12-01" };
const newer = { slug: "live-stats", title: "How the live stats work", date: "2025-03-07" };

function withEnd(end: PostEnd | null | undefined) {
  vi.mocked(useQuery).mockImplementation(
    fakeUseQuery({
      "pages:list": pageLinks,
      "posts:getBySlug": ({ slug }: { slug: string }) => (slug === postDetail.slug ? postDetail : { ...postDetail, slug, title: "Next one" }),
      "pages:getBySlug": null,
      "posts:getEnd": end,
      "presence:readers": 1,
    }),
  );
}

describe("the end of a post", () => {
  beforeEach(() => {
    vi.spyOn(window, "scrollTo").mockImplementation(() => {});
  });

  // PostEnd is a lazy chunk of its own: the first look waits for it.
  it("links the older and newer posts and lists related ones", async () => {
    withEnd({ older, newer, related: [summaries[0]!] });
    renderApp(`/${postDetail.slug}`);
    const nav = await screen.findByRole("navigation", { name: "Older and newer posts" });
    const links = within(nav).getAllByRole("link");
    expect(links.map((l) => [l.getAttribute("rel"), l.getAttribute("href"), l.textContent])).toEqual([
      ["prev", "/older-one", "Older postAn older post"],
      ["next", "/live-stats", "Newer postHow the live stats work"],
    ]);
    const related = screen.getByRole("region", { name: "Related posts" });
    expect(within(related).getByRole("link", { name: summaries[0]!.title }).getAttribute("href")).toBe(`/${summaries[0]!.slug}`);
  });

  it("shows only what exists, and nothing while loading", async () => {
    withEnd({ older: null, newer, related: [] });
    const { unmount } = renderApp(`/${postDetail.slug}`);
    expect(within(await screen.findByRole("navigation", { name: "Older and newer posts" })).getAllByRole("link")).toHaveLength(1);
    expect(screen.queryByRole("region", { name: "Related posts" })).toBeNull();
    unmount();
    withEnd(undefined);
    renderApp(`/${postDetail.slug}`);
    expect(screen.getByRole("heading", { level: 1, name: postDetail.title })).toBeTruthy();
    expect(screen.queryByRole("navigation", { name: "Older and newer posts" })).toBeNull();
  });

  it("the newer link opens that post", async () => {
    withEnd({ older: null, newer, related: [] });
    renderApp(`/${postDetail.slug}`);
    fireEvent.click(await screen.findByRole("link", { name: /Newer post/ }));
    expect(screen.getByRole("heading", { level: 1, name: "Next one" })).toBeTruthy();
  });
});
