import { expect, test, type APIResponse } from "@playwright/test";
import { XMLParser } from "fast-xml-parser";
import { contentForTests } from "./helpers/content.ts";
import { SITE_URL } from "./helpers/stack.ts";

// Every request goes to the site's own origin (Vite proxies these to the backend's HTTP actions).
const xml = new XMLParser();
const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

async function bodyOf(response: APIResponse, contentType: RegExp): Promise<string> {
  expect(new URL(response.url()).origin).toBe(SITE_URL);
  expect(response.status(), await response.text()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(contentType);
  return response.text();
}

test("the RSS feeds list the published posts", async ({ request }) => {
  const { posts, draft } = await contentForTests();
  for (const feed of ["/rss.xml", "/rss-full.xml"]) {
    const doc = xml.parse(await bodyOf(await request.get(feed), /xml/));
    const titles = asList<{ title: string }>(doc.rss?.channel?.item).map((item) => String(item.title));
    expect(titles, feed).toEqual(posts.map((p) => p.title));
    if (draft) expect(titles).not.toContain(draft.title);
  }
});

test("the sitemap lists every published post and page", async ({ request }) => {
  const { posts, pages } = await contentForTests();
  const doc = xml.parse(await bodyOf(await request.get("/sitemap.xml"), /xml/));
  const paths = asList<{ loc: string }>(doc.urlset?.url).map((url) => new URL(url.loc).pathname);
  for (const entry of [...posts, ...pages]) expect(paths).toContain(entry.path);
  expect(paths).toContain("/archive");
});

test("the JSON API lists posts and serves one as JSON or markdown", async ({ request }) => {
  const { posts, browsedPost, draft } = await contentForTests();
  const list: unknown = JSON.parse(await bodyOf(await request.get("/api/posts"), /application\/json/));
  expect(Array.isArray(list)).toBe(true);
  expect((list as Array<{ slug: string }>).map((p) => p.slug)).toEqual(posts.map((p) => p.slug));

  const one = JSON.parse(await bodyOf(await request.get(`/api/post?slug=${browsedPost.slug}`), /application\/json/)) as { slug: string; title: string };
  expect(one).toMatchObject({ slug: browsedPost.slug, title: browsedPost.title });

  const markdown = await bodyOf(await request.get(`/api/post?slug=${browsedPost.slug}&format=md`), /text\/markdown/);
  expect(markdown).toContain(browsedPost.title);

  const unknown = await request.get("/api/post?slug=no-such-post");
  expect(unknown.status()).toBe(404);
  if (draft) expect((await request.get(`/api/post?slug=${draft.slug}`)).status()).toBe(404);
  expect((await request.get("/api/post")).status()).toBe(400);
});
