// What public stats calls may pass, and which paths count as pages of the
// site. Imported by stats.ts; the second dot keeps it from being a Convex module.
import { ConvexError } from "convex/values";
import type { DatabaseReader } from "./_generated/server";
import { MAX_PATH_LENGTH } from "./constants";
import type { PageType } from "./validators";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Same rule as the browser's isTrackablePath, so the tracker never sends a call that can only fail.
// eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export type SitePage = { pageType: PageType; title: string };

/** Pages that exist without a content row. */
export const FIXED_PAGES: ReadonlyMap<string, SitePage> = new Map<string, SitePage>([
  ["/", { pageType: "home", title: "Home" }],
  ["/stats", { pageType: "stats", title: "Stats" }],
]);

export function checkPath(path: string): void {
  if (!path.startsWith("/")) throw new ConvexError('path must start with "/"');
  if (path.length > MAX_PATH_LENGTH) {
    throw new ConvexError(`path must be at most ${MAX_PATH_LENGTH} characters`);
  }
  if (CONTROL_CHARS.test(path)) throw new ConvexError("path must not contain control characters");
}

export function checkSessionId(sessionId: string): void {
  if (!UUID.test(sessionId)) throw new ConvexError("sessionId must be a UUID");
}

/** Only pages of the site count, so strangers cannot fill the stats with made-up paths. */
export async function findSitePage(db: DatabaseReader, path: string): Promise<SitePage | null> {
  const fixed = FIXED_PAGES.get(path);
  if (fixed !== undefined) return fixed;
  const slug = path.slice(1);
  const post = await db.query("posts").withIndex("by_slug", (q) => q.eq("slug", slug)).first();
  if (post?.published) return { pageType: "blog", title: post.title };
  const page = await db.query("pages").withIndex("by_slug", (q) => q.eq("slug", slug)).first();
  if (page?.published) return { pageType: "page", title: page.title };
  return null;
}
