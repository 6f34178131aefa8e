// The site's own URLs for lists, in one place. (The edge function imports
// this file too, so imports carry their extension for Deno.)
import { MAX_LIST_PAGES } from "../../convex/constants.ts";

/** Every published post, grouped by year. */
export const ARCHIVE_PATH = "/archive";

/** The tags index. */
export const TAGS_PATH = "/tags";

/** A tag's page. Tags are checked at sync to be URL-safe (the slug rule). */
export const tagPath = (tag: string) => `${TAGS_PATH}/${tag}`;

/**
 * The page number in a `/page/:page` URL: 1 when absent, null when it is not
 * written as a plain number from 2 up (`/page/1` is the list's own URL), or
 * past the most pages any list can have (the server rejects those).
 */
export function pageFromParam(param: string | undefined): number | null {
  if (param === undefined) return 1;
  if (!/^[1-9][0-9]{0,3}$/.test(param) || param === "1") return null;
  const page = Number(param);
  return page <= MAX_LIST_PAGES ? page : null;
}

/** The URL of page `page` of a list at `base` ("/" for the home page). */
export function pagePath(base: string, page: number): string {
  if (page === 1) return base;
  return `${base === "/" ? "" : base}/page/${page}`;
}
