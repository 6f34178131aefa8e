import { v, type Infer } from "convex/values";
import { env as deploymentEnv, internalQuery } from "./_generated/server";
import { POSTS_PER_PAGE, SITE } from "./constants";
import {
  postSummary,
  type PageLink,
  type PostDetail,
  type PostSummary,
  type TagCount,
} from "./validators";
import { readBody } from "./content";
import { liveGeneration } from "./content.live";
import { toPostSummary } from "./posts";
import { cdata, element, escapeXml, isIsoDate, rfc822Date } from "./xml";

// What http.ts serves: RSS feeds, the sitemap, and the read-only JSON/markdown API.
// The builders are pure so tests can feed them hostile text directly.

export const DEFAULT_SITE_URL = "http://localhost:5173";

export const FEED_PATHS = {
  rss: "/rss.xml",
  rssFull: "/rss-full.xml",
  sitemap: "/sitemap.xml",
} as const;

export const API_PATHS = { posts: "/api/posts", post: "/api/post", page: "/api/page", moved: "/api/moved" } as const;

/** Feed readers only look at recent items; full HTML makes each one heavy. */
export const FEED_ITEM_LIMIT = 20;

export const feedPost = v.object({ ...postSummary.fields, html: v.string() });
export type FeedPost = Infer<typeof feedPost>;

export type ApiPostSummary = PostSummary & { url: string };
export type ApiPost = ApiPostSummary & { content: string };

/**
 * The public origin (plus optional base path) without a trailing slash.
 * A missing or unusable value falls back to the local dev server, so a
 * misconfigured deployment still serves well-formed documents.
 */
export function normalizeSiteUrl(raw: string | undefined): string {
  if (!raw) return DEFAULT_SITE_URL;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return DEFAULT_SITE_URL;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return DEFAULT_SITE_URL;
  return (url.origin + url.pathname).replace(/\/+$/, "");
}

export function siteUrlFromEnv(): string {
  return normalizeSiteUrl(deploymentEnv.SITE_URL);
}

export function postUrl(siteUrl: string, slug: string): string {
  return `${siteUrl}/${encodeURIComponent(slug)}`;
}

/** A reference with a scheme (`https:`, `data:`) or a host (`//cdn…`): not a path on this site. */
export function isAbsoluteRef(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith("//");
}

/** Root-relative references (`/images/x.png`) resolved against the site. */
export function absoluteUrl(siteUrl: string, ref: string): string {
  if (isAbsoluteRef(ref)) return ref;
  return ref.startsWith("/") ? siteUrl + ref : `${siteUrl}/${ref}`;
}

/**
 * Feed readers show content:encoded away from the site, where `/images/x.png`
 * resolves nowhere. The HTML comes from the sync's sanitizer, so a literal
 * `<img`/`<a` is always a real tag (text `<` is escaped) and attribute values
 * never hold a bare `"`: rewriting `src="/` inside such tags is exact.
 */
export function absolutizeHtml(html: string, siteUrl: string): string {
  return html.replace(/<(?:a|img|source|video|audio)\b[^>]*>/gi, (tag) =>
    tag.replace(/(\s(?:href|src|poster))="\/(?!\/)/gi, (_m, attr: string) => `${attr}="${siteUrl}/`),
  );
}

function rssItem(siteUrl: string, post: FeedPost, full: boolean): string {
  const url = postUrl(siteUrl, post.slug);
  const pubDate = rfc822Date(post.date);
  const lines = [
    element("title", post.title),
    element("link", url),
    `<guid isPermaLink="true">${escapeXml(url)}</guid>`,
    ...(pubDate ? [element("pubDate", pubDate)] : []),
    element("description", post.description),
    ...post.tags.map((tag) => element("category", tag)),
    ...(full ? [`<content:encoded>${cdata(absolutizeHtml(post.html, siteUrl))}</content:encoded>`] : []),
  ];
  return `    <item>\n${lines.map((l) => `      ${l}`).join("\n")}\n    </item>`;
}

/**
 * RSS 2.0. lastBuildDate is the newest post's date rather than the clock, so
 * the same content always yields the same bytes (cache- and diff-friendly).
 */
export function buildRss(options: { siteUrl: string; posts: FeedPost[]; full: boolean }): string {
  const { siteUrl, posts, full } = options;
  const selfUrl = siteUrl + (full ? FEED_PATHS.rssFull : FEED_PATHS.rss);
  const newest = posts.map((p) => p.date).filter(isIsoDate).sort().at(-1);
  const lastBuildDate = newest ? rfc822Date(newest) : null;
  const namespaces = [
    'xmlns:atom="http://www.w3.org/2005/Atom"',
    ...(full ? ['xmlns:content="http://purl.org/rss/1.0/modules/content/"'] : []),
  ].join(" ");
  const channel = [
    element("title", SITE.name),
    element("link", `${siteUrl}/`),
    element("description", SITE.description),
    element("language", SITE.language),
    ...(lastBuildDate ? [element("lastBuildDate", lastBuildDate)] : []),
    `<atom:link href="${escapeXml(selfUrl)}" rel="self" type="application/rss+xml"/>`,
  ].map((l) => `    ${l}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<rss version="2.0" ${namespaces}>`,
    "  <channel>",
    ...channel,
    ...posts.map((post) => rssItem(siteUrl, post, full)),
    "  </channel>",
    "</rss>",
    "",
  ].join("\n");
}

function sitemapUrl(loc: string, lastmod?: string): string {
  const parts = [element("loc", loc), ...(lastmod && isIsoDate(lastmod) ? [element("lastmod", lastmod)] : [])];
  return `  <url>${parts.join("")}</url>`;
}

/** `/page/2` onwards of a list of `count` posts under `base` ("" for the home page). */
function laterPages(siteUrl: string, base: string, count: number): string[] {
  const pageCount = Math.ceil(count / POSTS_PER_PAGE);
  return Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) => sitemapUrl(`${siteUrl}${base}/page/${i + 2}`));
}

/**
 * Sitemap protocol 0.9: the home page and its later pages, the archive, posts (lastmod =
 * date), pages, then the tags index and each tag's pages.
 */
export function buildSitemap(options: {
  siteUrl: string;
  posts: Pick<PostSummary, "slug" | "date">[];
  pages: Pick<PageLink, "slug">[];
  tags?: TagCount[];
}): string {
  const { siteUrl, posts, pages, tags = [] } = options;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    sitemapUrl(`${siteUrl}/`),
    ...laterPages(siteUrl, "", posts.length),
    ...(posts.length > 0 ? [sitemapUrl(`${siteUrl}/archive`)] : []),
    ...posts.map((post) => sitemapUrl(postUrl(siteUrl, post.slug), post.date)),
    ...pages.map((page) => sitemapUrl(postUrl(siteUrl, page.slug))),
    ...(tags.length > 0 ? [sitemapUrl(`${siteUrl}/tags`)] : []),
    ...tags.flatMap(({ tag, count }) => {
      const base = `/tags/${encodeURIComponent(tag)}`;
      return [sitemapUrl(`${siteUrl}${base}`), ...laterPages(siteUrl, base, count)];
    }),
    "</urlset>",
    "",
  ].join("\n");
}

export function apiPostSummary(siteUrl: string, post: PostSummary): ApiPostSummary {
  const { slug, title, description, date, tags, readTime, image } = post;
  return {
    slug,
    title,
    description,
    date,
    tags,
    readTime,
    ...(image === undefined ? {} : { image: absoluteUrl(siteUrl, image) }),
    url: postUrl(siteUrl, slug),
  };
}

export function apiPost(siteUrl: string, post: PostDetail): ApiPost {
  return { ...apiPostSummary(siteUrl, post), content: post.content };
}

/**
 * The post's markdown behind a YAML front matter block. Strings are written
 * as JSON, which YAML reads as double-quoted scalars, so no title can break
 * out of the header.
 */
export function postMarkdown(siteUrl: string, post: PostDetail): string {
  const summary = apiPostSummary(siteUrl, post);
  const header = [
    `title: ${JSON.stringify(summary.title)}`,
    `description: ${JSON.stringify(summary.description)}`,
    `date: ${JSON.stringify(summary.date)}`,
    `tags: ${JSON.stringify(summary.tags)}`,
    `readTime: ${JSON.stringify(summary.readTime)}`,
    ...(summary.image === undefined ? [] : [`image: ${JSON.stringify(summary.image)}`]),
    `url: ${JSON.stringify(summary.url)}`,
  ];
  const body = post.content.endsWith("\n") ? post.content : `${post.content}\n`;
  return `---\n${header.join("\n")}\n---\n\n${body}`;
}

// ---------------------------------------------------------------------------
// Internal: the feeds need HTML, which the public list leaves out.

/** Newest published posts with their HTML, for both RSS feeds. */
export const feedPosts = internalQuery({
  args: {},
  returns: v.array(feedPost),
  handler: async (ctx) => {
    const generation = await liveGeneration(ctx.db);
    const posts = await ctx.db
      .query("posts")
      .withIndex("by_generation_and_published_and_date", (q) => q.eq("generation", generation).eq("published", true))
      .order("desc")
      .take(FEED_ITEM_LIMIT);
    return await Promise.all(
      posts.map(async (post) => ({ ...toPostSummary(post), html: (await readBody(ctx.db, post._id))?.html ?? "" })),
    );
  },
});
