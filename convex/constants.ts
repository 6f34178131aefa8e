// Tunables shared by the Convex functions and the browser tracker.

/** The site's identity, for the UI's head tags as well as the feeds. */
export const SITE = {
  name: "markdown-site",
  description: "A markdown blog on Convex with live, privacy-friendly stats.",
  language: "en",
} as const;

/**
 * A post's 1200×630 link-preview PNG, which `npm run sync` writes under
 * public/ and the page head and the edge function point to.
 */
export const ogImagePath = (slug: string) => `/og/${slug}.png`;

/** The same session viewing the same path within this window counts once. */
export const DEDUP_WINDOW_MS = 30 * 60 * 1000;
/** A session with no heartbeat for this long is no longer active. */
export const SESSION_TIMEOUT_MS = 2 * 60 * 1000;
/** The server skips a same-path heartbeat newer than this. */
export const HEARTBEAT_DEDUP_MS = 10 * 1000;
/** How often an open tab sends a heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 30 * 1000;
/** The client drops a same-path heartbeat sent more recently than this. */
export const HEARTBEAT_DEBOUNCE_MS = 5 * 1000;
/**
 * The stats page passes `now` rounded down to this step, so getStats stays
 * cacheable yet "Active Now" drops a departed visitor within
 * SESSION_TIMEOUT_MS + STATS_TICK_MS.
 */
export const STATS_TICK_MS = 10 * 1000;
/** Paths are at most this long. */
export const MAX_PATH_LENGTH = 512;

// Content (posts and pages).

/** A slug is the whole path of its post or page: `/${slug}`. */
export const SLUG_PATTERN = /^[a-z0-9-]+$/;
export const MAX_SLUG_LENGTH = 200;
/**
 * First path segments the site itself uses; a post or page with one of these
 * slugs would be shadowed by the route or would shadow it.
 * (Feed and sitemap paths contain a dot, which no slug can.)
 */
export const RESERVED_SLUGS = ["stats", "api", "assets", "images"] as const;
/**
 * Most documents one sync may hold per kind. The sync sends every post with
 * its body in one mutation call, so this keeps the arguments well inside
 * Convex's limits for posts averaging up to ~25 KB of markdown and HTML.
 */
export const MAX_SYNC_POSTS = 500;
export const MAX_SYNC_PAGES = 100;
/**
 * The home page, the sitemap and the API list every published post and page:
 * the lists read rows without bodies, so all a sync can hold fits one query.
 */
export const POSTS_LIST_LIMIT = MAX_SYNC_POSTS;
export const PAGES_LIST_LIMIT = MAX_SYNC_PAGES;
