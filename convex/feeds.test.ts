import { describe, expect, test } from "vitest";
import {
  DEFAULT_SITE_URL,
  absoluteUrl,
  absolutizeHtml,
  apiPost,
  apiPostSummary,
  buildRss,
  buildSitemap,
  normalizeSiteUrl,
  postMarkdown,
  type FeedPost,
} from "./feeds";
import { SITE } from "./constants";
import { HOSTILE, expectWellFormedXml, makePost, xmlParser } from "./feeds.fixtures";
import type { Post } from "./validators";

const SITE_URL = "https://blog.example.com";

function feedPost(post: Post): FeedPost {
  const { slug, title, description, date, tags, readTime, html } = post;
  return { slug, title, description, date, tags, readTime, html };
}

type RssChannel = {
  title: string;
  lastBuildDate?: string;
  "atom:link": Record<string, string>;
  item?: Record<string, unknown>[];
};
const channelOf = (xml: string) => (xmlParser.parse(xml) as { rss: { channel: RssChannel } }).rss.channel;

describe("normalizeSiteUrl", () => {
  test.each([
    [undefined, DEFAULT_SITE_URL],
    ["", DEFAULT_SITE_URL],
    ["not a url", DEFAULT_SITE_URL],
    ["ftp://example.com", DEFAULT_SITE_URL],
    ["https://example.com", "https://example.com"],
    ["https://example.com/", "https://example.com"],
    [" https://example.com/blog/// ", "https://example.com/blog"],
    ["https://example.com/blog/?q=1#x", "https://example.com/blog"],
  ])("%j -> %j", (raw, expected) => {
    expect(normalizeSiteUrl(raw)).toBe(expected);
  });
});

describe("URLs", () => {
  test("absoluteUrl resolves root-relative and bare paths, keeps absolute ones", () => {
    expect(absoluteUrl(SITE_URL, "/images/a.png")).toBe(`${SITE_URL}/images/a.png`);
    expect(absoluteUrl(SITE_URL, "images/a.png")).toBe(`${SITE_URL}/images/a.png`);
    expect(absoluteUrl(SITE_URL, "https://cdn.example.com/a.png")).toBe("https://cdn.example.com/a.png");
    expect(absoluteUrl(SITE_URL, "//cdn.example.com/a.png")).toBe("//cdn.example.com/a.png");
  });

  test("absolutizeHtml rewrites root-relative links and images, never text or code", () => {
    const html = [
      `<p><a href="/other-post">x</a> <a href="https://x.org/">y</a> <a href="//cdn.x/">z</a></p>`,
      `<figure><img src="/images/a.png" alt="cap"></figure>`,
      `<pre><code>&#x3C;img src="/not-a-tag.png"></code></pre>`,
      `<p>write href="/literal" in text</p>`,
    ].join("");
    expect(absolutizeHtml(html, SITE_URL)).toBe(
      [
        `<p><a href="${SITE_URL}/other-post">x</a> <a href="https://x.org/">y</a> <a href="//cdn.x/">z</a></p>`,
        `<figure><img src="${SITE_URL}/images/a.png" alt="cap"></figure>`,
        `<pre><code>&#x3C;img src="/not-a-tag.png"></code></pre>`,
        `<p>write href="/literal" in text</p>`,
      ].join(""),
    );
  });
});

describe("buildRss", () => {
  test("an empty blog is still a valid channel, without lastBuildDate", () => {
    const xml = buildRss({ siteUrl: SITE_URL, posts: [], full: true });
    expectWellFormedXml(xml);
    const channel = channelOf(xml);
    expect(channel.title).toBe(SITE.name);
    expect(channel.item).toBeUndefined();
    expect(channel.lastBuildDate).toBeUndefined();
    expect(channel["atom:link"]["@href"]).toBe(`${SITE_URL}/rss-full.xml`);
  });

  test("lastBuildDate is the newest post date whatever the order; bad dates get no pubDate", () => {
    const posts = [
      makePost({ slug: "old", date: "2023-05-01" }),
      makePost({ slug: "new", date: "2024-03-10" }),
      makePost({ slug: "broken", date: "2024-02-30" }),
    ].map(feedPost);
    const xml = buildRss({ siteUrl: SITE_URL, posts, full: false });
    expectWellFormedXml(xml);
    const channel = channelOf(xml);
    expect(channel.lastBuildDate).toBe("Sun, 10 Mar 2024 00:00:00 GMT");
    expect(channel.item?.map((i) => i.pubDate)).toEqual([
      "Mon, 01 May 2023 00:00:00 GMT",
      "Sun, 10 Mar 2024 00:00:00 GMT",
      undefined,
    ]);
  });

  test("hostile text and a hostile site URL round-trip through a parser", () => {
    const siteUrl = `https://example.com/a&b'c`;
    const post = makePost({ title: HOSTILE.title, description: HOSTILE.description, tags: [HOSTILE.tag, "ok"], html: HOSTILE.html });
    const xml = buildRss({ siteUrl, posts: [feedPost(post)], full: true });
    expectWellFormedXml(xml);
    const item = channelOf(xml).item?.[0];
    expect(item).toMatchObject({
      title: HOSTILE.title,
      description: HOSTILE.description,
      category: [HOSTILE.tag, "ok"],
      link: `${siteUrl}/a-post`,
      "content:encoded": HOSTILE.html,
    });
  });
});

describe("buildSitemap", () => {
  test("lists home, posts with lastmod, then pages, escaped", () => {
    const siteUrl = "https://example.com/x&y";
    const xml = buildSitemap({
      siteUrl,
      posts: [{ slug: "p1", date: "2024-01-02" }, { slug: "p2", date: "bad" }],
      pages: [{ slug: "about" }],
    });
    expectWellFormedXml(xml);
    const urlset = (xmlParser.parse(xml) as { urlset: { "@xmlns": string; url: unknown[] } }).urlset;
    expect(urlset["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(urlset.url).toEqual([
      { loc: `${siteUrl}/` },
      { loc: `${siteUrl}/archive` },
      { loc: `${siteUrl}/p1`, lastmod: "2024-01-02" },
      { loc: `${siteUrl}/p2` },
      { loc: `${siteUrl}/about` },
    ]);
  });
});

test("buildSitemap lists later pages of the home page and of each tag, and the tag pages", () => {
  const posts = Array.from({ length: 41 }, (_, i) => ({ slug: `p${i}`, date: "2024-01-01" }));
  const xml = buildSitemap({ siteUrl: "https://x.dev", posts, pages: [], tags: [{ tag: "big", count: 21 }, { tag: "small", count: 3 }] });
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
  expect(locs.filter((loc) => !/\/p\d+$/.test(loc!))).toEqual([
    "https://x.dev/",
    "https://x.dev/page/2",
    "https://x.dev/page/3",
    "https://x.dev/archive",
    "https://x.dev/tags",
    "https://x.dev/tags/big",
    "https://x.dev/tags/big/page/2",
    "https://x.dev/tags/small",
  ]);
});

describe("API shapes", () => {
  test("summary has an absolute url and image, and no body", () => {
    const post = makePost({ image: "/images/cover.png" });
    expect(apiPostSummary(SITE_URL, post)).toEqual({
      slug: "a-post",
      title: post.title,
      description: post.description,
      date: post.date,
      tags: post.tags,
      readTime: post.readTime,
      image: `${SITE_URL}/images/cover.png`,
      url: `${SITE_URL}/a-post`,
    });
    expect(apiPost(SITE_URL, post)).toEqual({ ...apiPostSummary(SITE_URL, post), content: post.content });
  });

  test("markdown front matter holds hostile values as parseable strings; the body follows verbatim", () => {
    const post = makePost({ title: `${HOSTILE.title}\n---\ninjected: true`, tags: [HOSTILE.tag], content: HOSTILE.content });
    const md = postMarkdown(SITE_URL, post);
    const match = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(md);
    expect(match).not.toBeNull();
    const [, header = "", body] = match ?? [];
    const fields = Object.fromEntries(
      header.split("\n").map((line) => {
        const at = line.indexOf(": ");
        return [line.slice(0, at), JSON.parse(line.slice(at + 2)) as unknown];
      }),
    );
    expect(fields).toEqual({
      title: post.title,
      description: post.description,
      date: post.date,
      tags: [HOSTILE.tag],
      readTime: post.readTime,
      url: `${SITE_URL}/a-post`,
    });
    expect(body).toBe(`${HOSTILE.content}\n`);
  });
});
