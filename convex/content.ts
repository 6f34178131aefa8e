import type { Scheduler } from "convex/server";
import { ConvexError, v, type Infer } from "convex/values";
import { internalMutation, type DatabaseReader, type DatabaseWriter } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import { MAX_ALIASES_PER_POST, MAX_SYNC_PAGES, MAX_SYNC_POSTS } from "./constants";
import { contentSlugProblem, tagListProblem } from "./slugs";
import { sameFields, showPublished, syncDerived, type Owned } from "./content.derived";
import { asStoredAt, syncPublishJobs } from "./content.schedule";
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
  handler: (ctx, args) => applySync(ctx.db, args, { now: Date.now(), scheduler: ctx.scheduler }),
});

/** `scheduler` publishes scheduled posts at their time; without it (test helpers) they stay hidden. */
export async function applySync(
  db: DatabaseWriter,
  args: SyncArgs,
  { now = Date.now(), scheduler }: { now?: number; scheduler?: Scheduler } = {},
): Promise<SyncResult> {
  checkIncoming(args);
  const posts = args.posts.map(splitBody).map(({ row, body }) => ({ row: asStoredAt(row, now), body }));
  const pages = args.pages.map(splitBody);
  const previousPosts = await readAll(db, "posts", MAX_SYNC_POSTS);
  const postPlan = planChanges(previousPosts, posts.map((p) => p.row));
  const pagePlan = planChanges(await readAll(db, "pages", MAX_SYNC_PAGES), pages.map((p) => p.row));
  if (args.dryRun !== true) {
    const storedPosts = await applyPlan(db, postPlan, bodiesBySlug(posts), {
      insert: (row) => db.insert("posts", row),
      replace: (existing, row) => db.replace("posts", existing._id, row),
      remove: (existing) => db.delete("posts", existing._id),
    });
    const storedPages = await applyPlan(db, pagePlan, bodiesBySlug(pages), {
      insert: (row) => db.insert("pages", row),
      replace: (existing, row) => db.replace("pages", existing._id, row),
      remove: (existing) => db.delete("pages", existing._id),
    });
    await syncDerived(db, withOwners(posts, storedPosts), withOwners(pages, storedPages));
    if (scheduler) await syncPublishJobs(db, scheduler, args.posts, now);
    await recordPublications(db, previousPosts, posts.map((p) => p.row), now);
  }
  return { posts: countsOf(postPlan), pages: countsOf(pagePlan) };
}

/**
 * Publishes a scheduled post when its time comes, unless a later sync moved
 * or removed it (then this run is stale and does nothing): idempotent.
 */
export const publishScheduled = internalMutation({
  args: { slug: v.string(), publishAt: v.number() },
  returns: v.null(),
  handler: async (ctx, { slug, publishAt }) => {
    const jobs = await ctx.db
      .query("publishJobs")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .take(10);
    for (const job of jobs) if (job.publishAt === publishAt) await ctx.db.delete("publishJobs", job._id);
    const post = await ctx.db
      .query("posts")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .first();
    if (post === null || post.published || post.publishAt !== publishAt) return null;
    await ctx.db.patch("posts", post._id, { published: true });
    await showPublished(ctx.db, post._id);
    await recordPublication(ctx.db, post, publishAt);
    return null;
  },
});

/** Posts recorded as first published per sync: every post a sync may hold. */
const MAX_PUBLICATION_LOOKUPS = MAX_SYNC_POSTS;

/**
 * The chart marks the day each post was first published, so the sync keeps
 * that history: a post published for the first time gets the sync's time (a
 * scheduled post, its publish time, recorded by the job). A post that was
 * already published before this history existed (an upgrade) gets the date
 * from its front matter instead.
 */
async function recordPublications(
  db: DatabaseWriter,
  previous: Doc<"posts">[],
  incoming: Array<{ slug: string; title: string; date: string; published: boolean }>,
  now: number,
): Promise<void> {
  const wasPublished = new Set(previous.filter((p) => p.published).map((p) => p.slug));
  for (const post of incoming.filter((p) => p.published).slice(0, MAX_PUBLICATION_LOOKUPS)) {
    const dated = Date.parse(post.date);
    await recordPublication(db, post, wasPublished.has(post.slug) && Number.isFinite(dated) ? dated : now);
  }
}

/** Records when a post was first published, unless it already was. */
async function recordPublication(db: DatabaseWriter, post: { slug: string; title: string }, at: number): Promise<void> {
  const known = await db.query("publications").withIndex("by_slug", (q) => q.eq("slug", post.slug)).first();
  if (known === null) await db.insert("publications", { slug: post.slug, title: post.title, firstPublishedAt: at });
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
  for (const { slug, tags } of posts) {
    const problem = tagListProblem(tags);
    if (problem !== null) throw new ConvexError(`Post "${slug}": ${problem}.`);
  }
  for (const { slug, aliases = [] } of posts) {
    if (aliases.length > MAX_ALIASES_PER_POST) throw new ConvexError(`Post "${slug}": at most ${MAX_ALIASES_PER_POST} aliases.`);
    for (const alias of aliases) {
      const problem = contentSlugProblem(alias);
      if (problem !== null) throw new ConvexError(`Post "${slug}": alias "${alias}" ${problem}.`);
      // An old slug must lead to one place only, and never shadow a live one.
      if (seen.has(alias)) throw new ConvexError(`Post "${slug}": alias "${alias}" is already a slug or another alias.`);
      seen.add(alias);
    }
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
  /** Stored documents that already match. */
  unchanged: D[];
}

/** Pure diff of stored documents against the incoming set, keyed by slug. */
export function planChanges<D extends { slug: string }, I extends { slug: string }>(
  existing: readonly D[],
  incoming: readonly I[],
): Plan<D, I> {
  const stored = new Map<string, D>();
  const plan: Plan<D, I> = { create: [], update: [], remove: [], unchanged: [] };
  for (const doc of existing) {
    // Two stored documents with one slug can only come from outside a sync; keep one.
    if (stored.has(doc.slug)) plan.remove.push(doc);
    else stored.set(doc.slug, doc);
  }
  for (const next of incoming) {
    const current = stored.get(next.slug);
    stored.delete(next.slug);
    if (current === undefined) plan.create.push(next);
    else if (sameFields(current, next)) plan.unchanged.push(current);
    else plan.update.push({ existing: current, next });
  }
  plan.remove.push(...stored.values());
  return plan;
}

interface Writer<D extends { _id: OwnerId }, I> {
  insert(row: I): Promise<D["_id"]>;
  replace(existing: D, row: I): Promise<void>;
  remove(existing: D): Promise<void>;
}

/**
 * Rows first, then their bodies: a body is written only when its text changed.
 * Returns the id of every row that remains, by slug.
 */
async function applyPlan<D extends { _id: OwnerId; slug: string }, I extends { slug: string }>(
  db: DatabaseWriter,
  plan: Plan<D, I>,
  bodies: Map<string, Body>,
  write: Writer<D, I>,
): Promise<Map<string, D["_id"]>> {
  const bodyOf = (row: I) => bodies.get(row.slug)!;
  const ids = new Map<string, D["_id"]>();
  for (const { existing } of plan.update) ids.set(existing.slug, existing._id);
  for (const doc of plan.unchanged) ids.set(doc.slug, doc._id);
  for (const row of plan.create) {
    const ownerId = await write.insert(row);
    await db.insert("bodies", { ownerId, ...bodyOf(row) });
    ids.set(row.slug, ownerId);
  }
  for (const { existing, next } of plan.update) {
    await write.replace(existing, next);
    await putBody(db, existing._id, bodyOf(next));
  }
  for (const doc of plan.remove) {
    await deleteBodies(db, doc._id);
    await write.remove(doc);
  }
  return ids;
}

function withOwners<R extends { slug: string }, I extends OwnerId>(entries: Array<{ row: R; body: Body }>, ids: Map<string, I>): Owned<R, I>[] {
  return entries.map(({ row, body }) => ({ ownerId: ids.get(row.slug)!, row, body }));
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
    unchanged: plan.unchanged.length,
  };
}
