// Tunables shared by the Convex functions and the browser tracker.

/** The site's identity, for the UI's head tags as well as the feeds. */
export const SITE = {
  name: "markdown-site",
  description: "A markdown blog on Convex with live, privacy-friendly stats.",
  language: "en",
} as const;

/** The same session viewing the same path within this window counts once. */
export const DEDUP_WINDOW_MS = 30 * 60 * 1000;
/** A session with no heartbeat for this long is no longer active. */
export const SESSION_TIMEOUT_MS = 2 * 60 * 1000;
/** A same-path heartbeat this soon after the last one does not move the deadline. */
export const HEARTBEAT_DEDUP_MS = 10 * 1000;
/** How often the visible tab of a browser sends a heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 30 * 1000;
/** "N reading now" counts up to this many readers of one page, then shows "N+". */
export const READERS_CAP = 100;
/** The HTTP action a closing tab's beacon reaches (same origin, proxied to Convex). */
export const PRESENCE_LEAVE_PATH = "/presence/leave";
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
