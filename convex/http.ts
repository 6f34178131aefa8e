import { httpRouter } from "convex/server";
import { ConvexError } from "convex/values";
import { api, internal } from "./_generated/api";
import { httpAction } from "./_generated/server";
import {
  API_PATHS,
  FEED_PATHS,
  apiPost,
  apiPostSummary,
  buildRss,
  buildSitemap,
  postMarkdown,
  siteUrlFromEnv,
} from "./feeds";
import { feedFetcherOf } from "./feedStats.agents";
import { slugFormatProblem } from "./slugs";
import { ENGAGEMENT_BEACON_PATH, PRESENCE_LEAVE_PATH } from "./constants";
import { CLICK_BEACON_PATH } from "./links.target";
import { isUuid } from "./stats.input";

// Served on the Convex site URL (https://<deployment>.convex.site); production
// proxies these paths from the blog's own origin (see netlify.toml, prds/discovery.md).

// Content changes with `npm run sync`, not per request: short caches keep
// edits visible within minutes while absorbing crawler and agent bursts.
const FEED_CACHE = "public, max-age=300";
const API_CACHE = "public, max-age=60";
const NO_STORE = "no-store";

const RSS_TYPE = "application/rss+xml; charset=utf-8";
const XML_TYPE = "application/xml; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";
const MARKDOWN_TYPE = "text/markdown; charset=utf-8";

// Read-only public data: any origin may read it, nothing is credentialed.
const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
};

function respond(body: string, status: number, contentType: string, cache: string, cors = false) {
  return new Response(body, {
    status,
    headers: {
      "Content-Type": contentType,
      "Cache-Control": cache,
      "X-Content-Type-Options": "nosniff",
      ...(cors ? CORS_HEADERS : {}),
    },
  });
}

function apiJson(body: unknown, status = 200) {
  return respond(JSON.stringify(body), status, JSON_TYPE, status === 200 ? API_CACHE : NO_STORE, true);
}

const apiError = (status: 400 | 404, error: string) => apiJson({ error }, status);

const rssFeed = (full: boolean) =>
  httpAction(async (ctx, request) => {
    const posts = await ctx.runQuery(internal.feeds.feedPosts, {});
    // Counted in aggregate (feedStats.ts); the user agent is read here and dropped.
    const fetcher = feedFetcherOf(request.headers.get("user-agent"));
    try {
      await ctx.runMutation(internal.feedStats.recordFetch, { feed: full ? "rssFull" : "rss", ...fetcher });
    } catch (error) {
      // A fetch that cannot be counted still gets its feed.
      console.warn("Feed fetch not counted", error);
    }
    return respond(buildRss({ siteUrl: siteUrlFromEnv(), posts, full }), 200, RSS_TYPE, FEED_CACHE);
  });

const sitemap = httpAction(async (ctx) => {
  const [posts, pages, tags] = await Promise.all([
    ctx.runQuery(api.posts.list, {}),
    ctx.runQuery(api.pages.list, {}),
    ctx.runQuery(api.tags.list, {}),
  ]);
  return respond(buildSitemap({ siteUrl: siteUrlFromEnv(), posts, pages, tags }), 200, XML_TYPE, FEED_CACHE);
});

const listPosts = httpAction(async (ctx) => {
  const posts = await ctx.runQuery(api.posts.list, {});
  const siteUrl = siteUrlFromEnv();
  return apiJson(posts.map((post) => apiPostSummary(siteUrl, post)));
});

/** The `slug` parameter, or the 400 answer when it is missing or malformed. */
function slugParam(params: URLSearchParams): { slug: string } | { error: Response } {
  const slug = params.get("slug");
  if (!slug) return { error: apiError(400, "Missing required query parameter: slug") };
  const problem = slugFormatProblem(slug);
  if (problem) return { error: apiError(400, `Invalid slug: it ${problem}`) };
  return { slug };
}

const getPost = httpAction(async (ctx, request) => {
  const params = new URL(request.url).searchParams;
  const checked = slugParam(params);
  if ("error" in checked) return checked.error;
  const { slug } = checked;
  const format = params.get("format") ?? "json";
  if (format !== "json" && format !== "md") return apiError(400, 'Invalid format: use "json" or "md"');

  const post = await ctx.runQuery(api.posts.getBySlug, { slug });
  if (!post) return apiError(404, `No published post with slug "${slug}"`);
  const siteUrl = siteUrlFromEnv();
  return format === "md"
    ? respond(postMarkdown(siteUrl, post), 200, MARKDOWN_TYPE, API_CACHE, true)
    : apiJson(apiPost(siteUrl, post));
});

/**
 * A closing or hidden tab's `navigator.sendBeacon`: the body is the session id
 * as text/plain, a "simple" request, so no preflight. Same origin in
 * production and development (the site proxies this path), so no CORS either.
 */
const presenceLeave = httpAction(async (ctx, request) => {
  const sessionId = (await request.text()).trim();
  if (!isUuid(sessionId)) return new Response("Body must be a session id (a UUID)", { status: 400 });
  await ctx.runMutation(api.presence.leave, { sessionId });
  return new Response(null, { status: 204 });
});

/** A path of at most MAX_PATH_LENGTH characters, a UUID and a number fit well within this. */
const MAX_ENGAGEMENT_BODY = 2_048;

function engagementOfBody(text: string): { sessionId: string; path: string; engagedMs: number; scrollDepth?: number } | null {
  if (text.length > MAX_ENGAGEMENT_BODY) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== "object" || body === null) return null;
  const { sessionId, path, engagedMs, scrollDepth } = body as Record<string, unknown>;
  if (typeof sessionId !== "string" || typeof path !== "string" || typeof engagedMs !== "number") return null;
  // An odd scroll depth is left out; recordEngagement drops one out of range.
  return typeof scrollDepth === "number" ? { sessionId, path, engagedMs, scrollDepth } : { sessionId, path, engagedMs };
}

/**
 * The engaged time a hiding or closing tab reports by `navigator.sendBeacon`,
 * which outlives the page where a socket message may not. The body is JSON sent
 * as text/plain (a simple request, no preflight); recordEngagement checks it
 * as it would from the socket.
 */
const engagementBeacon = httpAction(async (ctx, request) => {
  const engagement = engagementOfBody(await request.text());
  if (engagement === null) {
    return new Response("Body must be JSON: { sessionId, path, engagedMs }", { status: 400 });
  }
  try {
    await ctx.runMutation(api.stats.recordEngagement, engagement);
  } catch (error) {
    if (error instanceof ConvexError) return new Response(String(error.data), { status: 400 });
    throw error;
  }
  return new Response(null, { status: 204 });
});

/** A URL of MAX_LINK_URL_LENGTH, a path and a UUID fit well within this; a longer body is not a click. */
const MAX_CLICK_BODY = 4_096;

/**
 * An outbound or download click, sent by `navigator.sendBeacon` so that the
 * navigation never waits for it. JSON as text/plain (no preflight); each field
 * is cleaned by recordClick, so only a body that is no click at all is refused.
 */
const clickBeacon = httpAction(async (ctx, request) => {
  const text = await request.text();
  let body: unknown;
  try {
    body = text.length <= MAX_CLICK_BODY ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const { url, page, sessionId } = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof url !== "string") return new Response("Body must be JSON: { url, page, sessionId }", { status: 400 });
  await ctx.runMutation(api.links.recordClick, {
    url,
    ...(typeof page === "string" ? { page } : {}),
    ...(typeof sessionId === "string" ? { sessionId } : {}),
  });
  return new Response(null, { status: 204 });
});

// A page's title and address: enough for the edge to tell a page from a missing slug.
const getPage = httpAction(async (ctx, request) => {
  const checked = slugParam(new URL(request.url).searchParams);
  if ("error" in checked) return checked.error;
  const page = await ctx.runQuery(api.pages.getBySlug, { slug: checked.slug });
  if (!page) return apiError(404, `No published page with slug "${checked.slug}"`);
  return apiJson({ slug: page.slug, title: page.title, url: `${siteUrlFromEnv()}/${page.slug}` });
});

/** Where an old slug of a post leads now (`aliases:`): the edge function and the dev server redirect with it. */
const getMoved = httpAction(async (ctx, request) => {
  const checked = slugParam(new URL(request.url).searchParams);
  if ("error" in checked) return checked.error;
  const slug = await ctx.runQuery(api.posts.movedTo, { slug: checked.slug });
  if (slug === null) return apiError(404, `No post had the slug "${checked.slug}"`);
  return apiJson({ slug, url: `${siteUrlFromEnv()}/${slug}` });
});

// Browsers only preflight non-simple requests, but answering keeps any client happy.
const preflight = httpAction(async () => new Response(null, { status: 204, headers: CORS_HEADERS }));

const http = httpRouter();

http.route({ path: FEED_PATHS.rss, method: "GET", handler: rssFeed(false) });
http.route({ path: FEED_PATHS.rssFull, method: "GET", handler: rssFeed(true) });
http.route({ path: FEED_PATHS.sitemap, method: "GET", handler: sitemap });
http.route({ path: API_PATHS.posts, method: "GET", handler: listPosts });
http.route({ path: API_PATHS.post, method: "GET", handler: getPost });
http.route({ path: PRESENCE_LEAVE_PATH, method: "POST", handler: presenceLeave });
http.route({ path: ENGAGEMENT_BEACON_PATH, method: "POST", handler: engagementBeacon });
http.route({ path: CLICK_BEACON_PATH, method: "POST", handler: clickBeacon });

http.route({ path: API_PATHS.page, method: "GET", handler: getPage });
http.route({ path: API_PATHS.moved, method: "GET", handler: getMoved });
for (const path of Object.values(API_PATHS)) {
  http.route({ path, method: "OPTIONS", handler: preflight });
}

export default http;
