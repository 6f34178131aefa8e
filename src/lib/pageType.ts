import type { PageType } from "../../convex/validators";
import { MAX_PATH_LENGTH } from "../../convex/constants";

/**
 * The browser only knows the path; telling a post from a static page needs
 * the content tables, so every other path is sent as "blog" and the server
 * resolves the real type by slug.
 */
export function clientPageType(path: string): PageType {
  if (path === "/") return "home";
  if (path === "/stats") return "stats";
  return "blog";
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Mirrors the server's path check so the tracker never sends a call that can only be rejected. */
export function isTrackablePath(path: string): boolean {
  return path.startsWith("/") && path.length <= MAX_PATH_LENGTH && !CONTROL_CHARS.test(path);
}
