import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { useQuery } from "convex/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeUseQuery, type QueryResults } from "../../components/testing/fakeQueries";
import { pageLinks, summaries } from "../../components/testing/fixtures";
import { renderApp } from "../../components/testing/renderApp";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
vi.mock("../../tracking/usePageTracking", () => ({ usePageTracking: vi.fn() }));

function withData(extra: QueryResults) {
  const asked: string[] = [];
  vi.mocked(useQuery).mockImplementation(
    fakeUseQuery({
      "pages:list": pageLinks,
      "posts:listPage": { posts: summaries, page: 1, pageCount: 1 },
      "posts:list": summaries,
      "tags:getPosts": ({ tag }: { tag: string }) => (asked.push(tag), tag === "convex" ? { tag, count: 1, posts: [summaries[0]], page: 1, pageCount: 1 } : null),
      ...extra,
    }),
  );
  return asked;
}

describe("tag pages", () => {
  beforeEach(() => {
    vi.spyOn(window, "scrollTo").mockImplementation(() => {});
  });

  it("/tags lists every tag with its count, each a link to its page", async () => {
    withData({ "tags:list": [{ tag: "convex", count: 2 }, { tag: "guide", count: 1 }] });
    renderApp("/tags");
    expect(await screen.findByRole("heading", { level: 1, name: "Tags" })).toBeTruthy();
    const convex = screen.getByRole("link", { name: "convex 2 posts" });
    expect(convex.getAttribute("href")).toBe("/tags/convex");
    expect(screen.getByRole("link", { name: "guide 1 post" }).getAttribute("href")).toBe("/tags/guide");
    await waitFor(() => expect(document.title).toBe("Tags · markdown-site"));
  });

  it("/tags says so when there are no tags, and shows loading first", async () => {
    withData({ "tags:list": undefined });
    const { unmount } = renderApp("/tags");
    expect((await screen.findByRole("status")).textContent).toContain("Loading tags");
    unmount();
    withData({ "tags:list": [] });
    renderApp("/tags");
    expect(await screen.findByText("No published post has a tag yet.")).toBeTruthy();
  });

  it("/tags/:tag lists the tag's posts with its own title and description", async () => {
    withData({});
    renderApp("/tags/convex");
    expect(await screen.findByRole("heading", { level: 1, name: "Posts tagged convex" })).toBeTruthy();
    expect(screen.getByText("1 post, newest first.")).toBeTruthy();
    expect(screen.getByRole("link", { name: summaries[0]!.title }).getAttribute("href")).toBe(`/${summaries[0]!.slug}`);
    await waitFor(() => expect(document.title).toBe("Posts tagged convex · markdown-site"));
    expect(document.head.querySelector<HTMLMetaElement>('meta[name="description"]')?.content).toBe("1 post tagged “convex”, newest first.");
    expect(screen.getByRole("link", { name: "All tags" }).getAttribute("href")).toBe("/tags");
  });

  it("an unknown tag is a 404, and a malformed one is not even asked for", async () => {
    const asked = withData({});
    const { unmount } = renderApp("/tags/nothing");
    expect(await screen.findByRole("heading", { level: 1, name: "Page not found" })).toBeTruthy();
    unmount();
    renderApp("/tags/Not%20A%20Tag");
    expect(await screen.findByRole("heading", { level: 1, name: "Page not found" })).toBeTruthy();
    expect(asked).not.toContain("Not A Tag");
  });

  it("a tag pill on the home page leads to the tag's page", async () => {
    withData({});
    renderApp("/");
    const first = screen.getAllByRole("article")[0]!;
    fireEvent.click(within(within(first).getByRole("list", { name: "Tags" })).getByRole("link", { name: "convex" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Posts tagged convex" })).toBeTruthy();
  });
});
