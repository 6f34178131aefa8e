import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { SITE } from "./constants";
import { FEED_ITEM_LIMIT, type ApiPost, type ApiPostSummary } from "./feeds";
import { HOSTILE, expectWellFormedXml, makePage, makePost, xmlParser } from "./feeds.fixtures";
import { internal } from "./_generated/api";
import { initConvexTest } from "./test.setup";
import type { Page, Post } from "./validators";

const SITE_URL = "https://blog.example.com";

const hostile = makePost({
  slug: "hostile",
  date: "2024-03-02",
  title: HOSTILE.title,
  description: HOSTILE.description,
  // Tags are checked at sync like slugs; feeds.test.ts escapes a hostile one.
  tags: ["hostile", "xml"],
  html: HOSTILE.html,
  content: HOSTILE.content,
  image: "/images/cover.png",
});
const older = makePost({ slug: "older", date: "2023-11-20", tags: [] });
const draft = makePost({ slug: "draft", date: "2024-06-01", published: false });
const about = makePage({ slug: "about", order: 1 });
const contact = makePage({ slug: "contact", order: 2 });
const hiddenPage = makePage({ slug: "hidden", order: 3, published: false });

async function seeded(posts: Post[] = [hostile, older, draft], pages: Page[] = [about, contact, hiddenPage]) {
  const t = initConvexTest();
  await t.mutation(internal.content.sync, { posts, pages });
  return t;
}

type RssItem = {
  title: string;
  link: string;
  guid: { "#text": string; "@isPermaLink": string };
  pubDate: string;
  description: string;
  category?: string[];
  "content:encoded"?: string;
};
type Rss = {
  rss: {
    "@version": string;
    channel: {
      title: string;
      link: string;
      description: string;
      language: string;
      lastBuildDate: string;
      "atom:link": Record<string, string>;
      item?: RssItem[];
    };
  };
};

beforeEach(() => {
  vi.stubEnv("SITE_URL", SITE_URL);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("RSS", () => {
  test("/rss.xml: a valid RSS 2.0 channel of published posts with hostile text intact", async () => {
    const t = await seeded();
    const res = await t.fetch("/rss.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+$/);
    const xml = await res.text();
    expectWellFormedXml(xml);

    const { rss } = xmlParser.parse(xml) as Rss;
    expect(rss["@version"]).toBe("2.0");
    expect(rss.channel).toMatchObject({
      title: SITE.name,
      link: `${SITE_URL}/`,
      description: SITE.description,
      language: "en",
      lastBuildDate: "Sat, 02 Mar 2024 00:00:00 GMT",
      "atom:link": { "@href": `${SITE_URL}/rss.xml`, "@rel": "self", "@type": "application/rss+xml" },
    });
    const items = rss.channel.item ?? [];
    expect(items.map((i) => i.link)).toEqual([`${SITE_URL}/hostile`, `${SITE_URL}/older`]);
    expect(items[0]).toEqual({
      title: HOSTILE.title,
      link: `${SITE_URL}/hostile`,
      guid: { "#text": `${SITE_URL}/hostile`, "@isPermaLink": "true" },
      pubDate: "Sat, 02 Mar 2024 00:00:00 GMT",
      description: HOSTILE.description,
      category: ["hostile", "xml"],
    });
    expect(xml).not.toContain("content:encoded");
    expect(xml).not.toContain("draft");
  });

  test("/rss-full.xml: the same items plus the full HTML, CDATA split where needed", async () => {
    const t = await seeded();
    const res = await t.fetch("/rss-full.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
    const xml = await res.text();
    expectWellFormedXml(xml);
    expect(xml).toContain("]]]]><![CDATA[>");

    const { rss } = xmlParser.parse(xml) as Rss;
    expect(rss.channel["atom:link"]["@href"]).toBe(`${SITE_URL}/rss-full.xml`);
    const items = rss.channel.item ?? [];
    expect(items.map((i) => i["content:encoded"])).toEqual([HOSTILE.html, older.html]);
    expect(items[0]?.title).toBe(HOSTILE.title);
  });

  test("feeds carry the newest FEED_ITEM_LIMIT posts", async () => {
    const posts = Array.from({ length: FEED_ITEM_LIMIT + 3 }, (_, i) =>
      makePost({ slug: `post-${i}`, date: `2024-01-${String(i + 1).padStart(2, "0")}` }),
    );
    const t = await seeded(posts, []);
    const { rss } = xmlParser.parse(await (await t.fetch("/rss.xml")).text()) as Rss;
    const slugs = (rss.channel.item ?? []).map((i) => i.link.slice(SITE_URL.length + 1));
    expect(slugs).toHaveLength(FEED_ITEM_LIMIT);
    expect(slugs[0]).toBe(`post-${FEED_ITEM_LIMIT + 2}`);
    expect(slugs.at(-1)).toBe("post-3");
  });

  test("an empty blog still serves a valid feed; without SITE_URL links use the default", async () => {
    vi.unstubAllEnvs();
    vi.stubEnv("SITE_URL", "");
    const t = await seeded([], []);
    const xml = await (await t.fetch("/rss.xml")).text();
    expectWellFormedXml(xml);
    const { rss } = xmlParser.parse(xml) as Rss;
    expect(rss.channel.link).toBe("http://localhost:5173/");
    expect(rss.channel.item).toBeUndefined();
  });
});

describe("sitemap", () => {
  test("/sitemap.xml lists home, published posts with lastmod, and published pages", async () => {
    const t = await seeded();
    const res = await t.fetch("/sitemap.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    const xml = await res.text();
    expectWellFormedXml(xml);
    const { urlset } = xmlParser.parse(xml) as { urlset: { "@xmlns": string; url: unknown[] } };
    expect(urlset["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(urlset.url).toEqual([
      { loc: `${SITE_URL}/` },
      { loc: `${SITE_URL}/archive` },
      { loc: `${SITE_URL}/hostile`, lastmod: "2024-03-02" },
      { loc: `${SITE_URL}/older`, lastmod: "2023-11-20" },
      { loc: `${SITE_URL}/about` },
      { loc: `${SITE_URL}/contact` },
      { loc: `${SITE_URL}/tags` },
      { loc: `${SITE_URL}/tags/hostile` },
      { loc: `${SITE_URL}/tags/xml` },
    ]);
  });
});

describe("API", () => {
  function expectApiHeaders(res: Response, contentType = "application/json; charset=utf-8") {
    expect(res.headers.get("Content-Type")).toBe(contentType);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  }

  test("/api/posts: published posts, newest first, summary shape with absolute URLs", async () => {
    const t = await seeded();
    const res = await t.fetch("/api/posts");
    expect(res.status).toBe(200);
    expectApiHeaders(res);
    expect(res.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+$/);
    const body = (await res.json()) as ApiPostSummary[];
    expect(body).toEqual([
      {
        slug: "hostile",
        title: HOSTILE.title,
        description: HOSTILE.description,
        date: "2024-03-02",
        tags: ["hostile", "xml"],
        readTime: hostile.readTime,
        image: `${SITE_URL}/images/cover.png`,
        url: `${SITE_URL}/hostile`,
      },
      {
        slug: "older",
        title: older.title,
        description: older.description,
        date: older.date,
        tags: [],
        readTime: older.readTime,
        url: `${SITE_URL}/older`,
      },
    ]);
  });

  test("/api/post?slug=: the post with its markdown", async () => {
    const t = await seeded();
    const res = await t.fetch("/api/post?slug=hostile");
    expect(res.status).toBe(200);
    expectApiHeaders(res);
    const body = (await res.json()) as ApiPost;
    expect(body).toMatchObject({ slug: "hostile", title: HOSTILE.title, url: `${SITE_URL}/hostile`, content: HOSTILE.content });
    expect(body).not.toHaveProperty("html");
    expect(await (await t.fetch("/api/post?slug=hostile&format=json")).json()).toEqual(body);
  });

  test("&format=md: text/markdown with a front matter header and the body verbatim", async () => {
    const t = await seeded();
    const res = await t.fetch("/api/post?slug=hostile&format=md");
    expect(res.status).toBe(200);
    expectApiHeaders(res, "text/markdown; charset=utf-8");
    const md = await res.text();
    expect(md.startsWith("---\n")).toBe(true);
    expect(md).toContain(`\ntitle: ${JSON.stringify(HOSTILE.title)}\n`);
    expect(md).toContain(`\nurl: "${SITE_URL}/hostile"\n`);
    expect(md.endsWith(`\n---\n\n${HOSTILE.content}\n`)).toBe(true);
  });

  test("/api/page?slug=: a published page's title and address", async () => {
    const t = await seeded();
    const res = await t.fetch("/api/page?slug=about");
    expect(res.status).toBe(200);
    expectApiHeaders(res);
    expect(await res.json()).toEqual({ slug: "about", title: about.title, url: `${SITE_URL}/about` });
  });

  test.each([
    ["/api/page?slug=hidden", 404],
    ["/api/page?slug=hostile", 404],
    ["/api/page", 400],
    ["/api/page?slug=About", 400],
    ["/api/post?slug=nope", 404],
    ["/api/post?slug=draft", 404],
    ["/api/post", 400],
    ["/api/post?slug=", 400],
    ["/api/post?slug=Hostile", 400],
    ["/api/post?slug=..%2Fetc", 400],
    [`/api/post?slug=${"a".repeat(201)}`, 400],
    ["/api/post?slug=hostile&format=xml", 400],
  ])("%s -> %i with a JSON error", async (path, status) => {
    const t = await seeded();
    const res = await t.fetch(path);
    expect(res.status).toBe(status);
    expectApiHeaders(res);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const body = (await res.json()) as { error: unknown };
    expect(Object.keys(body)).toEqual(["error"]);
    expect(typeof body.error).toBe("string");
  });

  test("CORS preflight is answered on both API paths", async () => {
    const t = await seeded([], []);
    for (const path of ["/api/posts", "/api/post", "/api/page"]) {
      const res = await t.fetch(path, { method: "OPTIONS" });
      expect(res.status).toBe(204);
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(res.headers.get("Access-Control-Allow-Methods")).toContain("GET");
    }
  });
});
