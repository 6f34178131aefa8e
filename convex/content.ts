import { ConvexError, v, type Infer } from "convex/values";
import { internalMutation, type DatabaseReader, type DatabaseWriter } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import { MAX_SYNC_PAGES, MAX_SYNC_POSTS } from "./constants";
import { contentSlugProblem } from "./slugs";
import { page, post, type Body } from "./validators";

// Content is written only here, by `npm run sync` with the deployment's admin
// key. There is deliberately no public mutation: the site's visitors can read
// posts and pages but never create, change or delete them.

const kindCounts = v.object({
  created: v.number(),
  updated: v.number(),
  deleted: v.number(),
  unchanged: v.number(),
});
export type KindCounts = Infer<typeof kindCounts>;

const syncArgs = v.object({
  posts: v.array(post),
  pages: v.array(page),
  /** Count what would change, write nothing. */
  dryRun: v.optional(v.boolean()),
});
export type SyncArgs = Infer<typeof syncArgs>;
const syncResult = v.object({ posts: kindCounts, pages: kindCounts });
export type SyncResult = Infer<typeof syncResult>;

// ---------------------------------------------------------------------------
// Internal

/**
 * Makes the posts and pages tables, and their bodies, match the given
 * documents exactly: creates, replaces the ones whose fields differ, deletes
 * the rest. Rows are compared without their bodies (contentHash stands for
 * the body), so a sync reads kilobytes per post, and one without changes
 * commits no writes and wakes no subscriber.
 */
export const sync = internalMutation({
  args: syncArgs,
  returns: syncResult,
  handler: (ctx, args) => applySync(ctx.db, args),
});

export async function applySync(db: DatabaseWriter, args: SyncArgs): Promise<SyncResult> {
  checkIncoming(args);
  const posts = args.posts.map(splitBody);
  const pages = args.pages.map(splitBody);
  const storedPosts = await readAll(db, "posts", MAX_SYNC_POSTS);
  const postPlan = planChanges(storedPosts, posts.map((p) => p.row));
  const pagePlan = planChanges(await readAll(db, "pages", MAX_SYNC_PAGES), pages.map((p) => p.row));
  if (args.dryRun !== true) {
    await applyPlan(db, postPlan, bodiesBySlug(posts), {
      insert: (row) => db.insert("posts", row),
      replace: (existing, row) => db.replace("posts", existing._id, row),
      remove: (existing) => db.delete("posts", existing._id),
    });
    await applyPlan(db, pagePlan, bodiesBySlug(pages), {
      insert: (row) => db.insert("pages", row),
      replace: (existing, row) => db.replace("pages", existing._id, row),
      remove: (existing) => db.delete("pages", existing._id),
    });
    await recordPublications(db, storedPosts, args.posts);
  }
  return { posts: countsOf(postPlan), pages: countsOf(pagePlan) };
}

/** Posts recorded as first published per sync: every post a sync may hold. */
const MAX_PUBLICATION_LOOKUPS = MAX_SYNC_POSTS;

/**
 * The chart marks the day each post was first published, so the sync keeps
 * that history: a post published for the first time gets the sync's time. A
 * post that was already published before this history existed (an upgrade)
 * gets the date from its front matter instead.
 */
async function recordPublications(db: DatabaseWriter, stored: Doc<"posts">[], incoming: SyncArgs["posts"]): Promise<void> {
  const wasPublished = new Set(stored.filter((p) => p.published).map((p) => p.slug));
  for (const post of incoming.filter((p) => p.published).slice(0, MAX_PUBLICATION_LOOKUPS)) {
    const known = await db.query("publications").withIndex("by_slug", (q) => q.eq("slug", post.slug)).first();
    if (known !== null) continue;
    const dated = Date.parse(post.date);
    const firstPublishedAt = wasPublished.has(post.slug) && Number.isFinite(dated) ? dated : Date.now();
    await db.insert("publications", { slug: post.slug, title: post.title, firstPublishedAt });
  }
}

/** What a post or page shows if its body is missing. */
export const EMPTY_BODY: Body = { content: "", html: "" };

/** The body of a post or page; null only if something other than the sync removed it. */
export async function readBody(db: DatabaseReader, ownerId: OwnerId): Promise<Body | null> {
  const found = await bodiesOf(db, ownerId).first();
  return found === null ? null : { content: found.content, html: found.html };
}

function bodiesOf(db: DatabaseReader, ownerId: OwnerId) {
  return db.query("bodies").withIndex("by_ownerId", (q) => q.eq("ownerId", ownerId));
}

type Kind = "posts" | "pages";
type OwnerId = Id<"posts"> | Id<"pages">;

function splitBody<T extends Body>({ content, html, ...row }: T) {
  return { row, body: { content, html } };
}

function bodiesBySlug(entries: Array<{ row: { slug: string }; body: Body }>): Map<string, Body> {
  return new Map(entries.map(({ row, body }) => [row.slug, body]));
}

/** The sync script checks all this with file names; this guards the table. */
function checkIncoming({ posts, pages }: SyncArgs): void {
  if (posts.length > MAX_SYNC_POSTS) throw new ConvexError(`At most ${MAX_SYNC_POSTS} posts per sync, got ${posts.length}.`);
  if (pages.length > MAX_SYNC_PAGES) throw new ConvexError(`At most ${MAX_SYNC_PAGES} pages per sync, got ${pages.length}.`);
  const seen = new Set<string>();
  for (const { slug } of [...posts, ...pages]) {
    const problem = contentSlugProblem(slug);
    if (problem !== null) throw new ConvexError(`Slug "${slug}" ${problem}.`);
    if (seen.has(slug)) throw new ConvexError(`Slug "${slug}" is used more than once.`);
    seen.add(slug);
  }
}

async function readAll<K extends Kind>(db: DatabaseWriter, table: K, limit: number): Promise<Doc<K>[]> {
  const docs = await db.query(table).withIndex("by_slug").take(limit + 1);
  if (docs.length > limit) {
    throw new ConvexError(`The ${table} table holds more than ${limit} documents; a sync cannot reconcile it.`);
  }
  return docs;
}

export interface Plan<D, I> {
  create: I[];
  update: { existing: D; next: I }[];
  remove: D[];
  unchanged: number;
}

/** Pure diff of stored documents against the incoming set, keyed by slug. */
export function planChanges<D extends { slug: string }, I extends { slug: string }>(
  existing: readonly D[],
  incoming: readonly I[],
): Plan<D, I> {
  const stored = new Map<string, D>();
  const plan: Plan<D, I> = { create: [], update: [], remove: [], unchanged: 0 };
  for (const doc of existing) {
    // Two stored documents with one slug can only come from outside a sync; keep one.
    if (stored.has(doc.slug)) plan.remove.push(doc);
    else stored.set(doc.slug, doc);
  }
  for (const next of incoming) {
    const current = stored.get(next.slug);
    stored.delete(next.slug);
    if (current === undefined) plan.create.push(next);
    else if (sameFields(current, next)) plan.unchanged++;
    else plan.update.push({ existing: current, next });
  }
  plan.remove.push(...stored.values());
  return plan;
}

function sameFields(stored: object, next: object): boolean {
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

interface Writer<D, I> {
  insert(row: I): Promise<OwnerId>;
  replace(existing: D, row: I): Promise<void>;
  remove(existing: D): Promise<void>;
}

/** Rows first, then their bodies: a body is written only when its text changed. */
async function applyPlan<D extends { _id: OwnerId }, I extends { slug: string }>(
  db: DatabaseWriter,
  plan: Plan<D, I>,
  bodies: Map<string, Body>,
  write: Writer<D, I>,
): Promise<void> {
  const bodyOf = (row: I) => bodies.get(row.slug)!;
  for (const row of plan.create) {
    const ownerId = await write.insert(row);
    await db.insert("bodies", { ownerId, ...bodyOf(row) });
  }
  for (const { existing, next } of plan.update) {
    await write.replace(existing, next);
    await putBody(db, existing._id, bodyOf(next));
  }
  for (const doc of plan.remove) {
    await deleteBodies(db, doc._id);
    await write.remove(doc);
  }
}

async function putBody(db: DatabaseWriter, ownerId: OwnerId, body: Body): Promise<void> {
  const stored = await bodiesOf(db, ownerId).first();
  if (stored === null) await db.insert("bodies", { ownerId, ...body });
  else if (stored.content !== body.content || stored.html !== body.html) {
    await db.patch("bodies", stored._id, body);
  }
}

async function deleteBodies(db: DatabaseWriter, ownerId: OwnerId): Promise<void> {
  // One per owner; `take` guards against strays written outside the sync.
  const stored = await bodiesOf(db, ownerId).take(10);
  for (const body of stored) await db.delete("bodies", body._id);
}

function countsOf<D, I>(plan: Plan<D, I>): KindCounts {
  return {
    created: plan.create.length,
    updated: plan.update.length,
    deleted: plan.remove.length,
    unchanged: plan.unchanged,
  };
}
