// What public stats calls may pass, and which paths count as pages of the
// site. Imported by stats.ts and by the browser's tracker; the second dot
// keeps it from being a Convex module.
import { ConvexError } from "convex/values";
import { MAX_PATH_LENGTH } from "./constants";
import type { PageType } from "./validators";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export type SitePage = { pageType: PageType; title: string };

/** Pages that exist without a content row. */
export const FIXED_PAGES: ReadonlyMap<string, SitePage> = new Map<string, SitePage>([
  ["/", { pageType: "home", title: "Home" }],
  ["/stats", { pageType: "stats", title: "Stats" }],
  ["/tags", { pageType: "tags", title: "Tags" }],
]);

/** Why a path can never be tracked, or null. The browser's tracker asks too, so it never sends a call that can only fail. */
export function pathProblem(path: string): string | null {
  if (!path.startsWith("/")) return 'path must start with "/"';
  if (path.length > MAX_PATH_LENGTH) return `path must be at most ${MAX_PATH_LENGTH} characters`;
  if (CONTROL_CHARS.test(path)) return "path must not contain control characters";
  return null;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function checkPath(path: string): void {
  const problem = pathProblem(path);
  if (problem !== null) throw new ConvexError(problem);
}

export function checkSessionId(sessionId: string): void {
  if (!isUuid(sessionId)) throw new ConvexError("sessionId must be a UUID");
}

/**
 * The session id as stored: checked, then lowercase. UUIDs are
 * case-insensitive, so one visitor is one session however a client spells it.
 */
export function normalizeSessionId(sessionId: string): string {
  checkSessionId(sessionId);
  return sessionId.toLowerCase();
}
