import type { DatabaseWriter } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import { ConvexError } from "convex/values";
import { MAX_NEWER_THAN_SCHEDULED } from "./constants";
import { ALL_POSTS, tagList } from "./lists";
import { entryOf, showSearchEntry } from "./search.sync";
import type { Body, PageRow, PostRow } from "./validators";

// Rows the sync derives from posts and pages, so that readers' queries stay
// indexed and bounded. They are written with the generation of the rows
// they come from (convex/content.stage.ts), so they switch over together.

type Listed = Pick<PostRow, "slug" | "date" | "tags">;

/** A staged post's search entry and its old slugs (`aliases:`), published or not: whether an alias leads anywhere is asked of the post when it is used. */
export async function stagePostDerived(db: DatabaseWriter, generation: number, postId: Id<"posts">, row: PostRow, body: Body): Promise<void> {
  await db.insert("searchEntries", { ...entryOf({ kind: "post", from: { ownerId: postId, row, body } }), generation });
  for (const alias of row.aliases ?? []) await db.insert("slugAliases", { generation, alias, slug: row.slug });
}

/** A staged page's search entry. */
export async function stagePageDerived(db: DatabaseWriter, generation: number, pageId: Id<"pages">, row: PageRow, body: Body): Promise<void> {
  await db.insert("searchEntries", { ...entryOf({ kind: "page", from: { ownerId: pageId, row, body } }), generation });
}

/**
 * The home page's order, newest first and one date's posts by slug. Plain
 * code-unit comparison, so the sync script and the functions agree on it.
 */
export function listOrder(a: { date: string; slug: string }, b: { date: string; slug: string }): number {
  if (a.date !== b.date) return a.date > b.date ? -1 : 1;
  return a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
}

/**
 * Appends a published post to the home page's list at `position` and to each
 * of its tags' lists, counting the tag. Posts arrive in list order, so every
 * list is built by appending.
 */
export async function appendToLists(db: DatabaseWriter, generation: number, postId: Id<"posts">, post: Listed, position: number): Promise<void> {
  const place = (list: string, at: number) =>
    db.insert("postLists", { generation, list, position: at, postId, slug: post.slug, date: post.date });
  await place(ALL_POSTS, position);
  for (const tag of post.tags) await place(tagList(tag), await countTag(db, generation, tag));
}

/** Adds one to a tag's count; returns the count before, which is the post's place in the tag's list. */
async function countTag(db: DatabaseWriter, generation: number | undefined, tag: string): Promise<number> {
  const counted = await db
    .query("tags")
    .withIndex("by_generation_and_tag", (q) => q.eq("generation", generation).eq("tag", tag))
    .first();
  if (counted === null) {
    await db.insert("tags", { generation, tag, count: 1 });
    return 0;
  }
  await db.patch("tags", counted._id, { count: counted.count + 1 });
  return counted.count;
}

/**
 * A scheduled post just published in the live generation: its search entry
 * becomes visible, and it takes its place in each of its lists. One
 * transaction, so readers see it everywhere at once. Newest first, a list
 * is read only up to the first older post: the newer ones (at most
 * MAX_NEWER_THAN_SCHEDULED, which the sync checks) move up one place and
 * the post takes the last of theirs; when none is newer it goes before the
 * first row, and nothing moves.
 */
export async function showPublished(db: DatabaseWriter, post: Doc<"posts">): Promise<void> {
  const { generation } = post;
  await showSearchEntry(db, post._id);
  const lists = [ALL_POSTS, ...post.tags.map(tagList)];
  for (const list of lists) {
    const newer: Doc<"postLists">[] = [];
    let older: Doc<"postLists"> | null = null;
    const rows = db
      .query("postLists")
      .withIndex("by_generation_and_list_and_position", (q) => q.eq("generation", generation).eq("list", list));
    for await (const row of rows) {
      if (listOrder(post, row) < 0) {
        older = row;
        break;
      }
      if (newer.length === MAX_NEWER_THAN_SCHEDULED) {
        throw new ConvexError(`Post "${post.slug}" has more than ${MAX_NEWER_THAN_SCHEDULED} newer posts in list "${list}".`);
      }
      newer.push(row);
    }
    const at = newer.length > 0 ? newer[newer.length - 1]!.position : older === null ? 0 : older.position - 1;
    for (const row of newer) await db.patch("postLists", row._id, { position: row.position - 1 });
    await db.insert("postLists", { generation, list, position: at, postId: post._id, slug: post.slug, date: post.date });
  }
  for (const tag of post.tags) await countTag(db, generation, tag);
}

/**
 * Why a sync's scheduled posts could not each be published in one bounded
 * transaction, or null: a scheduled post must have at most
 * MAX_NEWER_THAN_SCHEDULED newer posts (published or scheduled) in each of
 * its lists.
 */
export function scheduledPlacementProblem(posts: readonly Listed[], scheduled: readonly Listed[]): string | null {
  if (scheduled.length === 0) return null;
  const byList = new Map<string, Listed[]>();
  for (const post of posts) {
    for (const list of [ALL_POSTS, ...post.tags.map(tagList)]) {
      const members = byList.get(list);
      if (members === undefined) byList.set(list, [post]);
      else members.push(post);
    }
  }
  for (const members of byList.values()) members.sort(listOrder);
  for (const post of scheduled) {
    for (const list of [ALL_POSTS, ...post.tags.map(tagList)]) {
      const newer = countBefore(byList.get(list) ?? [], post);
      if (newer > MAX_NEWER_THAN_SCHEDULED) {
        return `Post "${post.slug}" is scheduled with ${newer} newer posts in ${list === ALL_POSTS ? "the home list" : `tag "${list.slice(4)}"`}; a scheduled post may have at most ${MAX_NEWER_THAN_SCHEDULED} (date it later, or publish it now)`;
      }
    }
  }
  return null;
}

/** How many of the sorted posts come strictly before `post`. */
function countBefore(sorted: readonly Listed[], post: Listed): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (listOrder(sorted[mid]!, post) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Equal in every field but the system ones; a missing optional field differs from a present one. */
export function sameFields(stored: object, next: object): boolean {
  const a = stored as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of ["_id", "_creationTime", "generation", "scheduled"]) keys.delete(key);
  for (const key of keys) {
    if (!sameValue(a[key], b[key])) return false;
  }
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  return a === b;
}
