import { act, fireEvent, screen, within } from "@testing-library/react";
import { useQuery } from "convex/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeUseQuery, installClipboard, type QueryResults } from "../../components/testing/fakeQueries";
import { aboutPage, pageLinks, postDetail, summaries } from "../../components/testing/fixtures";
import { renderApp } from "../../components/testing/renderApp";
import { MemoryRouter } from "react-router-dom";
import App from "../../App";

vi.mock("convex/react", () => ({ useQuery: vi.fn() }));
vi.mock("../../tracking/usePageTracking", () => ({ usePageTracking: vi.fn() }));

const robots = () => document.head.querySelector<HTMLMetaElement>('meta[name="robots"]')?.content;

function withData(bySlug: { post: unknown; page: unknown }, extra: QueryResults = {}) {
  const asked: string[] = [];
  vi.mocked(useQuery).mockImplementation(
    fakeUseQuery({
      "pages:list": pageLinks,
      "posts:list": summaries,
      "posts:getBySlug": ({ slug }: { slug: string }) => (asked.push(`post:${slug}`), bySlug.post),
      "pages:getBySlug": ({ slug }: { slug: string }) => (asked.push(`page:${slug}`), bySlug.page),
      "presence:readers": 1,

      "posts:getEnd": null,
      "posts:movedTo": null,
      ...extra,
    }),
  );
  return asked;
}

describe("/:slug", () => {
  beforeEach(() => {
    vi.spyOn(window, "scrollTo").mockImplementation(() => {});
  });

  it("shows how many read the post now, but not when the viewer is alone", () => {
    const readers: string[] = [];
    let count = 1;
    withData({ post: postDetail, page: null }, { "presence:readers": ({ path }: { path: string }) => (readers.push(path), count) });
    const view = renderApp("/how-to-publish");
    expect(readers).toContain("/how-to-publish");
    expect(screen.queryByText(/reading now/)).toBeNull();
    count = 3;
    view.rerender(<MemoryRouter initialEntries={["/how-to-publish"]}><App /></MemoryRouter>);
    expect(screen.getByText("3 reading now")).toBeTruthy();
  });

  it("shows how many read a page now, capped", () => {
    withData({ post: null, page: aboutPage }, { "presence:readers": 100 });
    renderApp("/about");
    expect(screen.getByText("100+ reading now")).toBeTruthy();
  });

  it("shows a post: header image, title, date, read time, tags and article", async () => {
    const asked = withData({ post: postDetail, page: null });
    const { container } = renderApp("/how-to-publish");
    expect(asked).toContain("post:how-to-publish");
    const article = screen.getByRole("article", { name: "How to publish" });
    expect(within(article).getByRole("heading", { level: 1 }).textContent).toBe("How to publish");
    const hero = container.querySelector(".entry-hero");
    expect(hero?.getAttribute("src")).toBe("/images/publish.png");
    // Its box is known before it loads.
    expect([hero?.getAttribute("width"), hero?.getAttribute("height")]).toEqual(["1200", "600"]);
    expect(within(article).getByText("January 15, 2025")).toBeTruthy();
    expect(within(article).getByText("3 min read")).toBeTruthy();
    expect(within(article).getByRole("list", { name: "Tags" }).textContent).toBe("guide");
    expect(container.querySelector(".prose code")?.textContent).toBe("npm run sync");
    // The code bar follows the text, from a lazy chunk.
    expect(await within(article).findByRole("button", { name: "Copy code to clipboard" })).toBeTruthy();
    expect(within(article).getByRole("button", { name: "Copy page" })).toBeTruthy();
    expect(robots()).toBeUndefined();
  });

  it("leaves the header image out when the body shows the same image", () => {
    const html = '<figure><img src="/images/publish.png" alt="The flow"><figcaption>The flow</figcaption></figure>';
    withData({ post: { ...postDetail, html }, page: null });
    const { container } = renderApp("/how-to-publish");
    expect(container.querySelector(".entry-hero")).toBeNull();
    expect(screen.getByRole("img", { name: "The flow" })).toBeTruthy();
  });

  it("sets the post's title, description and BlogPosting JSON-LD", () => {
    withData({ post: postDetail, page: null });
    renderApp("/how-to-publish");
    expect(document.title).toBe("How to publish · markdown-site");
    expect(document.head.querySelector<HTMLMetaElement>('meta[name="description"]')?.content).toBe(postDetail.description);
    // Link previews use the PNG card the sync renders.
    expect(document.head.querySelector<HTMLMetaElement>('meta[property="og:image"]')?.content).toBe("http://localhost:3000/og/how-to-publish.png");
    const ld = JSON.parse(document.head.querySelector('script[type="application/ld+json"]')!.textContent!);
    expect(ld).toMatchObject({
      "@type": "BlogPosting",
      headline: "How to publish",
      datePublished: "2025-01-15",
      url: "http://localhost:3000/how-to-publish",
      image: "http://localhost:3000/images/publish.png",
    });
  });

  it("copies the post's markdown from the copy page menu", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    installClipboard(writeText);
    withData({ post: postDetail, page: null });
    renderApp("/how-to-publish");
    fireEvent.click(screen.getByRole("button", { name: "Copy page" }));
    // The open menu's code loads on first use.
    const item = await screen.findByRole("menuitem", { name: "Copy as Markdown" });
    await act(async () => fireEvent.click(item));
    expect(writeText).toHaveBeenCalledWith(postDetail.content);
    fireEvent.click(screen.getByRole("button", { name: "Copy page" }));
    const claude = new URL(screen.getByRole("menuitem", { name: "Open in Claude" }).getAttribute("href")!);
    expect(claude.searchParams.get("q")).toContain("http://localhost:3000/how-to-publish");
  });

  it("shows a page when no post has the slug", () => {
    withData({ post: null, page: aboutPage });
    renderApp("/about");
    expect(screen.getByRole("heading", { level: 1, name: "About" })).toBeTruthy();
    expect(screen.getByText("This site is a markdown blog.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Copy page" })).toBeTruthy();
    expect(document.title).toBe("About · markdown-site");
    expect(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "About" }).getAttribute("aria-current")).toBe(
      "page",
    );
  });

  it("shows a noindex 404 with its own title and the latest posts when neither exists", () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ ...summaries[0]!, slug: `post-${i}`, title: `Post ${i}` }));
    withData({ post: null, page: null }, { "posts:list": many });
    renderApp("/no-such-thing");
    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeTruthy();
    expect(document.title).toBe("Page not found · markdown-site");
    const latest = screen.getByRole("region", { name: "Latest posts" });
    expect(within(latest).getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual(["/post-0", "/post-1", "/post-2", "/post-3", "/post-4"]);
    expect(screen.getByRole("link", { name: "All posts" }).getAttribute("href")).toBe("/");
    expect(robots()).toBe("noindex");
  });

  it("sends a renamed post's old slug to its slug now, keeping the query", () => {
    const moved: string[] = [];
    vi.mocked(useQuery).mockImplementation(
      fakeUseQuery({
        "pages:list": pageLinks,
        "posts:list": summaries,
        "posts:getBySlug": ({ slug }: { slug: string }) => (slug === "how-to-publish" ? postDetail : null),
        "pages:getBySlug": null,
        "posts:movedTo": ({ slug }: { slug: string }) => (moved.push(slug), slug === "old-publish" ? "how-to-publish" : null),
        "presence:readers": 1,
        "posts:getEnd": null,
      }),
    );
    renderApp("/old-publish?ref=hn");
    expect(moved).toContain("old-publish");
    expect(screen.getByRole("article", { name: "How to publish" })).toBeTruthy();
  });

  it.each([
    ["post still loading", { post: undefined, page: null }],
    ["post absent, page still loading", { post: null, page: undefined }],
    ["both loading", { post: undefined, page: undefined }],
    ["page found but post still loading", { post: undefined, page: aboutPage }],
  ])("shows loading, never a 404, while %s", (_, bySlug) => {
    withData(bySlug);
    renderApp("/about");
    expect(screen.getByRole("status").textContent).toContain("Loading");
    expect(screen.queryByText("Page not found")).toBeNull();
    expect(screen.queryByRole("heading", { level: 1 })).toBeNull();
    expect(robots()).toBeUndefined();
  });

  it.each(["/Not-A-Slug", "/a.b", "/nested/path"])("answers %s with a 404 without asking the server for it", (path) => {
    const asked = withData({ post: postDetail, page: aboutPage });
    renderApp(path);
    expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toBeTruthy();
    expect(asked).toEqual([]);
  });

  it("navigates client-side to the top of the next page, even where scrollTo returns a promise", () => {
    // Chromium's scrollTo returns a promise; an effect must not hand it to React as a cleanup.
    const scrollTo = vi.spyOn(window, "scrollTo").mockImplementation((() => Promise.resolve()) as unknown as typeof window.scrollTo);
    scrollTo.mockClear();
    withData({ post: null, page: aboutPage });
    renderApp("/contact");
    fireEvent.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: "About" }));
    expect(screen.getByRole("heading", { level: 1, name: "About" })).toBeTruthy();
    expect(scrollTo).toHaveBeenCalledTimes(2);
  });

  // The body is trusted as the sync stored it; an inline handler in a row
  // written past the sync is stopped by the CSP (e2e/csp.spec.ts), not here.
  it("renders a hostile title as text, and a script in the body never runs", () => {
    vi.stubGlobal("alert", vi.fn());
    withData({
      post: {
        ...postDetail,
        title: "</script><script>alert(1)</script>",
        html: "<p>hi</p><script>alert(2)</script>",
      },
      page: null,
    });
    renderApp("/how-to-publish");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("</script><script>alert(1)</script>");
    expect(window.alert).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});
