// @vitest-environment jsdom
// (for DOMParser: the tags are checked as a browser would read them)
import { afterEach, describe, expect, test, vi } from "vitest";
import { SITE } from "../convex/constants.ts";
import postHead, { config } from "./edge-functions/post-head.ts";
import { FRAME_HEADERS } from "./frameHeaders.ts";
import { slugOf, withPostHead, type PostPreview } from "./postHead.ts";

const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>${SITE.name}</title>
    <meta name="description" content="${SITE.description}" />
  </head>
  <body><div id="root"></div><script type="module" src="/assets/index.js"></script></body>
</html>`;

const POST: PostPreview = {
  title: "Publishing a post",
  description: "One command.",
  slug: "publishing-a-post",
  url: "https://blog.example/publishing-a-post",
};

const head = (html: string) => new DOMParser().parseFromString(html, "text/html");
const meta = (doc: Document, key: string) =>
  doc.querySelector<HTMLMetaElement>(`meta[property="${key}"], meta[name="${key}"]`)?.content;

describe("withPostHead", () => {
  test("gives the page the post's title, description and preview tags", () => {
    const doc = head(withPostHead(INDEX, POST));
    expect(doc.title).toBe(`Publishing a post · ${SITE.name}`);
    expect(meta(doc, "description")).toBe("One command.");
    expect(meta(doc, "og:title")).toBe("Publishing a post");
    expect(meta(doc, "og:type")).toBe("article");
    expect(meta(doc, "og:url")).toBe(POST.url);
    // The PNG card the sync renders, never the cover (which may be an SVG).
    expect(meta(doc, "og:image")).toBe("https://blog.example/og/publishing-a-post.png");
    expect(meta(doc, "og:image:width")).toBe("1200");
    expect(meta(doc, "twitter:image")).toBe("https://blog.example/og/publishing-a-post.png");
    expect(meta(doc, "twitter:card")).toBe("summary_large_image");
    expect(doc.querySelectorAll('meta[name="description"]')).toHaveLength(1);
    expect(doc.querySelectorAll("title")).toHaveLength(1);
  });

  test("hostile text stays text", () => {
    const hostile = `</title><script>alert(1)</script>" onload="x" & $& $'`;
    const doc = head(withPostHead(INDEX, { ...POST, title: hostile, description: hostile }));
    expect(doc.title).toBe(`${hostile} · ${SITE.name}`);
    expect(meta(doc, "og:title")).toBe(hostile);
    expect(meta(doc, "description")).toBe(hostile);
    expect(doc.querySelectorAll("script")).toHaveLength(1);
    expect(doc.querySelector("[onload]")).toBeNull();
  });
});

describe("slugOf", () => {
  test.each([
    ["/publishing-a-post", "publishing-a-post"],
    ["/", null],
    ["/stats", null],
    ["/api", null],
    ["/a/b", null],
    ["/Upper", null],
    ["/rss.xml", null],
  ])("%s → %s", (path, slug) => {
    expect(slugOf(path)).toBe(slug);
  });
});

describe("the edge function", () => {
  afterEach(() => vi.unstubAllGlobals());

  const page = () => new Response(INDEX, { headers: { "content-type": "text/html; charset=utf-8", "content-length": "999" } });
  const next = vi.fn(async () => page());

  test("adds the tags of the post the path names, asking the site's own /api/post", async () => {
    const fetch = vi.fn(async () => Response.json(POST));
    vi.stubGlobal("fetch", fetch);
    const response = await postHead(new Request("https://blog.example/publishing-a-post"), { next });
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toBe("https://blog.example/api/post?slug=publishing-a-post");
    expect(response.headers.get("content-length")).toBeNull();
    expect(head(await response.text()).title).toBe(`Publishing a post · ${SITE.name}`);
  });

  const api = (answers: Record<string, () => Promise<Response>>) =>
    vi.fn(async (url: URL) => (answers[url.pathname] ?? (async () => new Response("{}", { status: 500 })))());
  const missing = async () => new Response("{}", { status: 404 });

  test("a page is served untouched, with status 200, after asking /api/page", async () => {
    const fetch = api({ "/api/post": missing, "/api/page": async () => Response.json({ slug: "about" }) });
    vi.stubGlobal("fetch", fetch);
    const response = await postHead(new Request("https://blog.example/about"), { next });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual([
      "https://blog.example/api/post?slug=about",
      "https://blog.example/api/page?slug=about",
    ]);
  });

  test("a slug that is neither a post nor a page answers 404 with the app's HTML", async () => {
    vi.stubGlobal("fetch", api({ "/api/post": missing, "/api/page": missing, "/api/moved": missing }));
    const response = await postHead(new Request("https://blog.example/no-such-post"), { next });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toBe(INDEX);
  });

  test.each([
    ["an API that fails", async () => Promise.reject(new TypeError("network"))],
    ["an API error", async () => new Response("{}", { status: 500 })],
    ["an answer that is not a post", async () => Response.json({ error: "x" })],
  ])("serves the page untouched, status 200, for %s", async (_name, answer) => {
    vi.stubGlobal("fetch", vi.fn(answer));
    const response = await postHead(new Request("https://blog.example/about"), { next });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
  });

  test("a tag no published post has, and a list page past the last, answer 404; a tag's first page 200", async () => {
    const posts = async () => Response.json([{ slug: "a", tags: ["convex"] }]);
    vi.stubGlobal("fetch", api({ "/api/posts": posts }));
    expect((await postHead(new Request("https://blog.example/tags/no-such-tag"), { next })).status).toBe(404);
    expect((await postHead(new Request("https://blog.example/page/99"), { next })).status).toBe(404);
    expect((await postHead(new Request("https://blog.example/tags/convex/page/2"), { next })).status).toBe(404);
    const found = await postHead(new Request("https://blog.example/tags/convex"), { next });
    expect(found.status).toBe(200);
    expect(await found.text()).toBe(INDEX);
  });

  test("a renamed post's old slug answers a permanent redirect to its slug now, query kept", async () => {
    vi.stubGlobal("fetch", api({ "/api/post": missing, "/api/page": missing, "/api/moved": async () => Response.json({ slug: "new-name" }) }));
    const response = await postHead(new Request("https://blog.example/old-name?utm_source=x"), { next });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("https://blog.example/new-name?utm_source=x");
  });

  test("a moved answer that is not a slug is not followed", async () => {
    vi.stubGlobal("fetch", api({ "/api/post": missing, "/api/page": missing, "/api/moved": async () => Response.json({ slug: "//evil.example" }) }));
    expect((await postHead(new Request("https://blog.example/old-name"), { next })).status).toBe(200);
  });

  test("a page whose post lookup failed is never called missing", async () => {
    vi.stubGlobal("fetch", api({ "/api/post": async () => new Response("{}", { status: 502 }), "/api/page": missing }));
    expect((await postHead(new Request("https://blog.example/about"), { next })).status).toBe(200);
  });

  test("leaves every other path alone without asking the API", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    for (const url of ["https://blog.example/", "https://blog.example/stats"]) {
      expect(await (await postHead(new Request(url), { next })).text()).toBe(INDEX);
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  test("every answer forbids framing: a post, a missing slug, a path it leaves alone", async () => {
    vi.stubGlobal("fetch", api({ "/api/post": async () => Response.json(POST), "/api/page": missing }));
    const answers = [await postHead(new Request("https://blog.example/publishing-a-post"), { next })];
    vi.stubGlobal("fetch", api({ "/api/post": missing, "/api/page": missing, "/api/moved": missing }));
    answers.push(await postHead(new Request("https://blog.example/no-such-post"), { next }));
    answers.push(await postHead(new Request("https://blog.example/stats"), { next }));
    expect(answers.map((response) => response.status)).toEqual([200, 404, 200]);
    for (const response of answers) {
      for (const [name, value] of Object.entries(FRAME_HEADERS)) expect(response.headers.get(name)).toBe(value);
    }
  });

  test("keeps the site's full policy when the page it fetched carries it (netlify.toml's)", async () => {
    const policy = "default-src 'self'; frame-ancestors 'none'";
    const withPolicy = async () => new Response(INDEX, { headers: { "content-type": "text/html", "content-security-policy": policy } });
    vi.stubGlobal("fetch", api({ "/api/post": async () => Response.json(POST), "/api/page": missing }));
    const response = await postHead(new Request("https://blog.example/publishing-a-post"), { next: withPolicy });
    expect(response.headers.get("content-security-policy")).toBe(policy);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  test("skips built files and proxied routes", () => {
    expect(config.excludedPath).toEqual(expect.arrayContaining(["/assets/*", "/api/*", "/*.xml"]));
  });
});
