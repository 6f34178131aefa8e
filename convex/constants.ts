// Tunables shared by the Convex functions and the browser tracker.

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
