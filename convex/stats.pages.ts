// Which page of the site a tracked path is. Server only (it reads the
// content tables); the second dot keeps it from being a Convex module.
import type { DatabaseReader } from "./_generated/server";
import { POSTS_PER_PAGE } from "./constants";
import { liveGeneration, type Generation } from "./content.live";
import { ALL_POSTS, listBounds, tagList } from "./lists";
import { aliasTarget } from "./posts";
import { FIXED_PAGES, type SitePage } from "./stats.input";

/** A tracked path's page, and the path its views count under (a renamed post's old path counts as its new one). */
export type TrackedPage = SitePage & { path: string };

const LIST_PAGE = /^\/page\/([1-9]\d{0,5})$/;
const TAG_PAGE = /^\/tags\/([^/]+?)(?:\/page\/([1-9]\d{0,5}))?$/;

/** A list's page `page` (1-based) exists when the list holds a post for it. */
async function listPageExists(
  db: DatabaseReader,
  generation: Generation,
  list: string,
  page: number,
): Promise<boolean> {
  if (page === 1) return true;
  const { total } = await listBounds(db, generation, list);
  return total > (page - 1) * POSTS_PER_PAGE;
}

/**
 * What a path is on the site. Every route counts (tag pages, the tag index,
 * list pages); a path with no page behind it is a "notFound" view of that
 * path, so a visit landing on a dead link keeps its source and entry.
 */
export async function sitePageOf(
  db: DatabaseReader,
  path: string,
): Promise<TrackedPage> {
  return { path, ...(await pageAt(db, path)) };
}

async function pageAt(
  db: DatabaseReader,
  path: string,
): Promise<SitePage & { path?: string }> {
  const fixed = FIXED_PAGES.get(path);
  if (fixed !== undefined) return fixed;
  const generation = await liveGeneration(db);
  const list = LIST_PAGE.exec(path);
  if (list !== null) {
    const page = Number(list[1]);
    if (await listPageExists(db, generation, ALL_POSTS, page))
      return { pageType: "list", title: `Posts, page ${page}` };
    return NOT_FOUND(path);
  }
  const tagged = TAG_PAGE.exec(path);
  if (tagged !== null) {
    const tag = tagged[1]!;
    const page = Number(tagged[2] ?? 1);
    const counted = await db
      .query("tags")
      .withIndex("by_generation_and_tag", (q) =>
        q.eq("generation", generation).eq("tag", tag),
      )
      .first();
    if (
      counted !== null &&
      (await listPageExists(db, generation, tagList(tag), page))
    ) {
      return {
        pageType: "tag",
        title: page === 1 ? `#${tag}` : `#${tag}, page ${page}`,
      };
    }
    return NOT_FOUND(path);
  }
  const slug = path.slice(1);
  const post = await db
    .query("posts")
    .withIndex("by_generation_and_slug", (q) =>
      q.eq("generation", generation).eq("slug", slug),
    )
    .first();
  if (post?.published) return { pageType: "blog", title: post.title };
  const page = await db
    .query("pages")
    .withIndex("by_generation_and_slug", (q) =>
      q.eq("generation", generation).eq("slug", slug),
    )
    .first();
  if (page?.published) return { pageType: "page", title: page.title };
  const target = await aliasTarget(db, slug);
  if (target !== null) {
    const renamed = await db
      .query("posts")
      .withIndex("by_generation_and_slug", (q) =>
        q.eq("generation", generation).eq("slug", target),
      )
      .first();
    if (renamed !== null)
      return { pageType: "blog", title: renamed.title, path: `/${target}` };
  }
  return NOT_FOUND(path);
}

const NOT_FOUND = (path: string): SitePage => ({
  pageType: "notFound",
  title: path,
});
