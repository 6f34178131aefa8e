import type { PageType } from "../../convex/validators";
import { pathProblem } from "../../convex/stats.input";

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

/** The server's own path check, so the tracker never sends a call that can only be rejected. */
export function isTrackablePath(path: string): boolean {
  return pathProblem(path) === null;
}
