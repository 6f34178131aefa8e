// Whether a list path (`/page/<n>`, `/tags/<tag>`, `/tags/<tag>/page/<n>`)
// has posts to show. The edge function (production) and the Vite dev/preview
// servers ask this, so a tag no post has, or a page past the last, answers
// HTTP 404 rather than a 200 with a "not found" page.
import { MAX_TAGS_PER_POST, POSTS_PER_PAGE, SLUG_PATTERN, MAX_TAG_LENGTH } from "../convex/constants.ts";
import { pageFromParam } from "../src/lib/paths.ts";
import { slugOf } from "./postHead.ts";
import { lookUpSlug, type ApiFetch, type SlugLookup } from "./slugLookup.ts";

/** A list the path names: the home page's (tag null) or a tag's; page null when the number is not one the app shows. */
export interface ListPath {
  tag: string | null;
  page: number | null;
}

/** The list a path names, or null when it is not a list path (the home page itself is always there). */
export function listOf(pathname: string): ListPath | null {
  const segments = pathname.replace(/\/$/, "").split("/").slice(1);
  const pageAt = (rest: string[]) => (rest.length === 0 ? 1 : rest.length === 2 && rest[0] === "page" ? pageFromParam(rest[1]) : undefined);
  if (segments[0] === "page") {
    const page = pageAt(segments);
    return page === undefined ? null : { tag: null, page };
  }
  if (segments[0] === "tags" && segments.length >= 2) {
    const tag = segments[1]!;
    const page = pageAt(segments.slice(2));
    if (page === undefined) return null;
    return { tag, page: tag.length <= MAX_TAG_LENGTH && SLUG_PATTERN.test(tag) ? page : null };
  }
  return null;
}

/** The fields of /api/posts this reads. */
function tagsOf(value: unknown): string[][] | null {
  if (!Array.isArray(value)) return null;
  const tags: string[][] = [];
  for (const post of value) {
    const postTags: unknown = typeof post === "object" && post !== null ? (post as Record<string, unknown>).tags : undefined;
    if (!Array.isArray(postTags) || postTags.length > MAX_TAGS_PER_POST || !postTags.every((tag) => typeof tag === "string")) return null;
    tags.push(postTags);
  }
  return tags;
}

/**
 * "missing" when the list has no such page (a tag no published post has, a
 * page past the last); "unknown" when the API fails or answers oddly, and the
 * page is served as usual (the app still shows its own not-found page).
 */
export async function lookUpList(list: ListPath, fetchApi: ApiFetch): Promise<"found" | "missing" | "unknown"> {
  if (list.page === null) return "missing";
  try {
    const answer = await fetchApi("/api/posts");
    if (!answer.ok) return "unknown";
    const tags = tagsOf(await answer.json());
    if (tags === null) return "unknown";
    const count = list.tag === null ? tags.length : tags.filter((postTags) => postTags.includes(list.tag!)).length;
    if (list.tag !== null && count === 0) return "missing";
    const pageCount = Math.max(1, Math.ceil(count / POSTS_PER_PAGE));
    return list.page <= pageCount ? "found" : "missing";
  } catch {
    return "unknown";
  }
}

/**
 * What a path is, for the paths the server checks before serving the app:
 * `/<slug>` and the list paths. Null for every other path (served as is).
 */
export async function lookUpPath(pathname: string, fetchApi: ApiFetch): Promise<SlugLookup | null> {
  const slug = slugOf(pathname);
  if (slug !== null) return lookUpSlug(slug, fetchApi);
  const list = listOf(pathname);
  if (list === null) return null;
  const found = await lookUpList(list, fetchApi);
  return { kind: found === "found" ? "list" : found };
}
