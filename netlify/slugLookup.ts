// Whether a path names a published post, a page, or nothing. The edge
// function (production) and the Vite dev/preview servers both ask this, so a
// missing slug answers HTTP 404 there, not a 200 with a "not found" page.
import { SLUG_PATTERN } from "../convex/constants.ts";
import { previewFrom, type PostPreview } from "./postHead.ts";

export type SlugLookup =
  | { kind: "post"; post: PostPreview }
  /** An old slug of a post (its `aliases:`): the page answers with a permanent redirect there. */
  | { kind: "moved"; slug: string }
  /** "list": a list path (`/page/<n>`, `/tags/<tag>`) with posts to show (see listLookup.ts). */
  | { kind: "page" | "list" | "missing" | "unknown" };

/** Fetches a path of the site's read-only API (`/api/post?slug=…`). */
export type ApiFetch = (path: string) => Promise<Response>;

/** A slow API must not hold the page up: past this, the page goes out as usual. */
export const API_TIMEOUT_MS = 1_500;

/**
 * Asks the API for a post, then for a page, then for a post that had this
 * slug before. "missing" only when all three answer 404; an API that fails or answers oddly gives "unknown", and the page is
 * served as usual (the app still shows its own not-found page).
 */
export async function lookUpSlug(slug: string, fetchApi: ApiFetch): Promise<SlugLookup> {
  const query = `?slug=${encodeURIComponent(slug)}`;
  try {
    const postAnswer = await fetchApi(`/api/post${query}`);
    if (postAnswer.ok) {
      const post = await previewFrom(postAnswer);
      return post ? { kind: "post", post } : { kind: "unknown" };
    }
    if (postAnswer.status !== 404) return { kind: "unknown" };
    const pageAnswer = await fetchApi(`/api/page${query}`);
    if (pageAnswer.ok) return { kind: "page" };
    if (pageAnswer.status !== 404) return { kind: "unknown" };
    const movedAnswer = await fetchApi(`/api/moved${query}`);
    if (movedAnswer.ok) {
      const target = ((await movedAnswer.json()) as { slug?: unknown }).slug;
      return typeof target === "string" && SLUG_PATTERN.test(target) ? { kind: "moved", slug: target } : { kind: "unknown" };
    }
    return { kind: movedAnswer.status === 404 ? "missing" : "unknown" };
  } catch {
    return { kind: "unknown" };
  }
}
