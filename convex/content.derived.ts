import type { WithoutSystemFields } from "convex/server";
import type { DatabaseWriter } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import { MAX_ALIASES, MAX_LIST_ROWS, MAX_SYNC_POSTS, MAX_TAGS } from "./constants";
import { ALL_POSTS, tagList } from "./lists";
import { showSearchEntry, syncSearchEntries } from "./search.sync";
import type { Body, Page, Post } from "./validators";

// Rows the sync derives from posts and pages, so that readers' queries stay
// indexed and bounded. Each table is reconciled against what the content
// implies: a sync that changes nothing writes nothing here either, and a
// table that is missing rows (a new deployment of this code) is filled in.

type OwnerId = Id<"posts"> | Id<"pages">;
type PostRow = Omit<Post, keyof Body>;
type PageRow = Omit<Page, keyof Body>;

export interface Owned<R, I extends OwnerId> {
  ownerId: I;
  row: R;
  body: Body;
}

/** What the lists need of a post. */
type Listed = { ownerId: Id<"posts">; row: Pick<PostRow, "slug" | "date" | "tags" | "published"> };
type ListRow = WithoutSystemFields<Doc<"postLists">>;
type TagCount = WithoutSystemFields<Doc<"tags">>;

export async function syncDerived(db: DatabaseWriter, posts: Owned<PostRow, Id<"posts">>[], pages: Owned<PageRow, Id<"pages">>[]): Promise<void> {
  await syncSearchEntries(db, posts, pages, reconcile);
  await syncLists(db, posts);
  await syncAliases(db, posts);
}

/** Every post's old slugs, published or not: whether one leads anywhere is asked of the post when it is used. */
async function syncAliases(db: DatabaseWriter, posts: Owned<PostRow, Id<"posts">>[]): Promise<void> {
  const wanted = posts.flatMap(({ row }) => (row.aliases ?? []).map((alias) => ({ alias, slug: row.slug })));
  const stored = await db.query("slugAliases").withIndex("by_alias").take(MAX_ALIASES + 1);
  await reconcile(stored, wanted, (row) => row.alias, {
    insert: (row) => db.insert("slugAliases", row),
    replace: (existing, row) => db.replace("slugAliases", existing._id, row),
    remove: (existing) => db.delete("slugAliases", existing._id),
  });
}

/**
 * Visible posts only: a draft is in no list, and its tags lead nowhere and
 * count for nothing. Newest first; one date's posts by slug.
 */
async function syncLists(db: DatabaseWriter, posts: Listed[]): Promise<void> {
  const visible = posts
    .filter(({ row }) => row.published)
    .sort((a, b) => b.row.date.localeCompare(a.row.date) || a.row.slug.localeCompare(b.row.slug));
  const wantedRows: ListRow[] = [];
  const place = (list: string, { ownerId, row }: Listed, position: number) =>
    wantedRows.push({ list, position, postId: ownerId, slug: row.slug, date: row.date });
  visible.forEach((post, i) => place(ALL_POSTS, post, i));
  const counts = new Map<string, number>();
  for (const post of visible) {
    for (const tag of post.row.tags) {
      const position = counts.get(tag) ?? 0;
      place(tagList(tag), post, position);
      counts.set(tag, position + 1);
    }
  }
  const storedRows = await db.query("postLists").withIndex("by_list_and_slug").take(MAX_LIST_ROWS + 1);
  await reconcile(storedRows, wantedRows, (row) => `${row.list}/${row.slug}`, {
    insert: (row) => db.insert("postLists", row),
    replace: (existing, row) => db.replace("postLists", existing._id, row),
    remove: (existing) => db.delete("postLists", existing._id),
  });

  const wantedCounts: TagCount[] = [...counts].map(([tag, count]) => ({ tag, count }));
  const storedCounts = await db.query("tags").withIndex("by_tag").take(MAX_TAGS + 1);
  await reconcile(storedCounts, wantedCounts, (row) => row.tag, {
    insert: (row) => db.insert("tags", row),
    replace: (existing, row) => db.replace("tags", existing._id, row),
    remove: (existing) => db.delete("tags", existing._id),
  });
}

/**
 * A post just published by its scheduled job: its search entry becomes
 * visible and every list is rebuilt from the stored rows (bounded by
 * MAX_SYNC_POSTS), writing only the rows that moved.
 */
export async function showPublished(db: DatabaseWriter, postId: Id<"posts">): Promise<void> {
  await showSearchEntry(db, postId);
  const rows = await db.query("posts").withIndex("by_slug").take(MAX_SYNC_POSTS);
  await syncLists(
    db,
    rows.map((row) => ({ ownerId: row._id, row })),
  );
}

interface TableWriter<D, W> {
  insert(doc: W): Promise<unknown>;
  replace(existing: D, doc: W): Promise<void>;
  remove(existing: D): Promise<void>;
}

/** Writes only the differences between the stored rows and the wanted ones, matched by key. */
export async function reconcile<D extends W & { _id: string; _creationTime: number }, W extends object>(
  stored: readonly D[],
  wanted: readonly W[],
  keyOf: (doc: W) => string,
  write: TableWriter<D, W>,
): Promise<void> {
  const byKey = new Map<string, D>();
  for (const doc of stored) {
    if (byKey.has(keyOf(doc))) await write.remove(doc);
    else byKey.set(keyOf(doc), doc);
  }
  for (const doc of wanted) {
    const existing = byKey.get(keyOf(doc));
    byKey.delete(keyOf(doc));
    if (existing === undefined) await write.insert(doc);
    else if (!sameFields(existing, doc)) await write.replace(existing, doc);
  }
  for (const doc of byKey.values()) await write.remove(doc);
}

/** Equal in every field but the system ones; a missing optional field differs from a present one. */
export function sameFields(stored: object, next: object): boolean {
  const a = stored as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete("_id");
  keys.delete("_creationTime");
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
