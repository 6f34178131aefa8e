import { ConvexError } from "convex/values";
import type { DatabaseReader } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import type { Generation } from "./content.live";
import { MAX_LIST_PAGES, POSTS_PER_PAGE } from "./constants";
import type { PostLink } from "./validators";

// Reading the postLists table the sync writes: pages of a list and a post's
// neighbours in it, each a bounded number of indexed reads.

/** The home page's list: every published post. */
export const ALL_POSTS = "all";
/** A tag's list. */
export const tagList = (tag: string) => `tag:${tag}`;

/** Rejects a page number no list can have. */
export function checkPageArg(page: number): void {
  if (!Number.isInteger(page) || page < 1 || page > MAX_LIST_PAGES) {
    throw new ConvexError(`Invalid page: it must be a whole number from 1 to ${MAX_LIST_PAGES}.`);
  }
}

/**
 * Where a list starts and how many posts it holds: two reads, its first and
 * last rows. Positions are consecutive, newest first, but need not start at
 * 0: a scheduled post published as the newest goes before the first row, so
 * publishing never moves the rows of older posts (content.derived.ts).
 */
export async function listBounds(db: DatabaseReader, generation: Generation, list: string): Promise<{ first: number; total: number }> {
  const rows = () =>
    db.query("postLists").withIndex("by_generation_and_list_and_position", (q) => q.eq("generation", generation).eq("list", list));
  const first = await rows().first();
  if (first === null) return { first: 0, total: 0 };
  const last = await rows().order("desc").first();
  return { first: first.position, total: last!.position - first.position + 1 };
}

/** The posts at positions [from, from + count) of a list. */
async function listSlice(db: DatabaseReader, generation: Generation, list: string, from: number, count: number): Promise<Doc<"posts">[]> {
  const rows = await db
    .query("postLists")
    .withIndex("by_generation_and_list_and_position", (q) =>
      q.eq("generation", generation).eq("list", list).gte("position", from).lt("position", from + count),
    )
    .take(count);
  const posts = await Promise.all(rows.map((row) => db.get("posts", row.postId)));
  return posts.filter((post): post is Doc<"posts"> => post?.published === true);
}

/** A page of a list, or null past its last page (page 1 of an empty list is empty, not missing). */
export async function readListPage(db: DatabaseReader, generation: Generation, list: string, page: number) {
  checkPageArg(page);
  const { first, total } = await listBounds(db, generation, list);
  const pageCount = Math.max(1, Math.ceil(total / POSTS_PER_PAGE));
  if (page > pageCount) return null;
  return { posts: await listSlice(db, generation, list, first + (page - 1) * POSTS_PER_PAGE, POSTS_PER_PAGE), page, pageCount, total };
}

/** The entries just before (newer) and after (older) a post in a list. */
export async function neighbours(
  db: DatabaseReader,
  generation: Generation,
  list: string,
  slug: string,
): Promise<{ newer: PostLink | null; older: PostLink | null }> {
  const own = await db
    .query("postLists")
    .withIndex("by_generation_and_list_and_slug", (q) => q.eq("generation", generation).eq("list", list).eq("slug", slug))
    .first();
  if (own === null) return { newer: null, older: null };
  const at = async (position: number): Promise<PostLink | null> => {
    const row = await db
      .query("postLists")
      .withIndex("by_generation_and_list_and_position", (q) => q.eq("generation", generation).eq("list", list).eq("position", position))
      .first();
    if (row === null) return null;
    const post = await db.get("posts", row.postId);
    return post?.published ? { slug: post.slug, title: post.title, date: post.date } : null;
  };
  return { newer: await at(own.position - 1), older: await at(own.position + 1) };
}
