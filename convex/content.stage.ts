import type { Scheduler } from "convex/server";
import { ConvexError } from "convex/values";
import type { DatabaseReader, DatabaseWriter } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { MAX_ALIASES_PER_POST, MAX_SCHEDULED_POSTS, MAX_SYNC_PAGES, MAX_SYNC_POSTS, MAX_TAGS } from "./constants";
import { appendToLists, listOrder, sameFields, scheduledPlacementProblem, stagePageDerived, stagePostDerived } from "./content.derived";
import { liveGeneration, type Generation } from "./content.live";
import { asStoredAt, isScheduled, syncPublishJobs } from "./content.schedule";
import { contentSlugProblem, tagListProblem } from "./slugs";
import type { Body, Page, PageRow, Post, PostRow, StagingState } from "./validators";

// A sync in three steps, each its own transaction(s), so that no single one
// holds more than a batch of posts:
//  1. begin: compares the announced rows (no bodies) with the live ones;
//     writes nothing if nothing changed, else opens a new generation.
//  2. stage, once per batch: writes rows, bodies and derived rows under that
//     generation, which no reader looks at.
//  3. switchOver: checks every announced document was staged, then makes the
//     generation live in one small write that every reader depends on.
// Old generations are then removed in bounded batches (removeStale). A sync
// that stops half way leaves its generation staged and unseen; the next
// begin opens a fresh one and the stale rows are removed in the same way.

export interface Counts {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
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

function countsOf<D, I>(plan: Plan<D, I>): Counts {
  return { created: plan.create.length, updated: plan.update.length, deleted: plan.remove.length, unchanged: plan.unchanged.length };
}

const changes = (counts: Counts) => counts.created + counts.updated + counts.deleted;

/** The sync script checks all this with file names; this guards the tables. */
export function checkIncoming(posts: readonly PostRow[], pages: readonly PageRow[], now: number): void {
  if (posts.length > MAX_SYNC_POSTS) throw new ConvexError(`At most ${MAX_SYNC_POSTS} posts per sync, got ${posts.length}.`);
  if (pages.length > MAX_SYNC_PAGES) throw new ConvexError(`At most ${MAX_SYNC_PAGES} pages per sync, got ${pages.length}.`);
  checkDocuments(posts, pages);
  const tags = new Set(posts.flatMap((post) => post.tags));
  if (tags.size > MAX_TAGS) throw new ConvexError(`At most ${MAX_TAGS} different tags per sync, got ${tags.size}.`);
  const scheduled = posts.filter((post) => isScheduled(post, now));
  if (scheduled.length > MAX_SCHEDULED_POSTS) {
    throw new ConvexError(`At most ${MAX_SCHEDULED_POSTS} scheduled posts per sync, got ${scheduled.length}.`);
  }
  const placement = scheduledPlacementProblem(
    posts.filter((post) => post.published),
    scheduled,
  );
  if (placement !== null) throw new ConvexError(`${placement}.`);
}

function checkDocuments(posts: readonly PostRow[], pages: readonly PageRow[]): void {
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

export async function livePosts(db: DatabaseReader, generation: Generation): Promise<Doc<"posts">[]> {
  return await db
    .query("posts")
    .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation))
    .take(MAX_SYNC_POSTS);
}

async function livePages(db: DatabaseReader, generation: Generation): Promise<Doc<"pages">[]> {
  return await db
    .query("pages")
    .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation))
    .take(MAX_SYNC_PAGES);
}

async function syncState(db: DatabaseReader): Promise<Doc<"contentSync"> | null> {
  return await db.query("contentSync").first();
}

export interface BeginResult {
  posts: Counts;
  pages: Counts;
  /** The generation to stage into; null when nothing is to be written. */
  generation: number | null;
}

/**
 * Counts what the announced rows change, and opens a generation for them
 * unless that is nothing (or a dry run). Reads the live rows, a few hundred
 * bytes each, never a body.
 */
export async function beginSync(
  db: DatabaseWriter,
  incoming: { posts: PostRow[]; pages: PageRow[]; dryRun?: boolean },
  now: number,
): Promise<BeginResult> {
  checkIncoming(incoming.posts, incoming.pages, now);
  const live = await liveGeneration(db);
  const previousPosts = await livePosts(db, live);
  const previousPages = await livePages(db, live);
  const posts = countsOf(planChanges(previousPosts, incoming.posts.map((row) => asStoredAt(row, now))));
  const pages = countsOf(planChanges(previousPages, incoming.pages));
  // Rows from before generations existed are restaged once, derived rows and all.
  const upgrade = live === undefined && previousPosts.length + previousPages.length > 0;
  if (incoming.dryRun === true || (changes(posts) + changes(pages) === 0 && !upgrade)) return { posts, pages, generation: null };

  const state = await syncState(db);
  const generation = Math.max(state?.lastGeneration ?? 0, live ?? 0) + 1;
  const staging: StagingState = {
    generation,
    now,
    expected: { posts: incoming.posts.length, pages: incoming.pages.length },
    staged: { posts: 0, pages: 0 },
    listed: 0,
    last: null,
  };
  if (state === null) await db.insert("contentSync", { lastGeneration: generation, staging });
  else await db.patch("contentSync", state._id, { lastGeneration: generation, staging });
  return { posts, pages, generation };
}

/** The staging state of `generation`, or a clear error if another sync replaced it or it went live. */
async function openStaging(db: DatabaseReader, generation: number): Promise<{ state: Doc<"contentSync">; staging: StagingState }> {
  const state = await syncState(db);
  const staging = state?.staging ?? null;
  if (state === null || staging === null || staging.generation !== generation) {
    throw new ConvexError(`Sync ${generation} is not being staged (another sync started, or it already went live); run the sync again.`);
  }
  return { state, staging };
}

/**
 * Writes one batch of posts (newest first, continuing the previous batch) and
 * pages into the staged generation, with their bodies and derived rows.
 */
export async function stageBatch(db: DatabaseWriter, generation: number, posts: readonly Post[], pages: readonly Page[]): Promise<void> {
  const { state, staging } = await openStaging(db, generation);
  checkDocuments(posts, pages);
  const next = { ...staging, staged: { ...staging.staged }, last: staging.last };
  next.staged.posts += posts.length;
  next.staged.pages += pages.length;
  if (next.staged.posts > staging.expected.posts || next.staged.pages > staging.expected.pages) {
    throw new ConvexError(`Sync ${generation} announced ${staging.expected.posts} posts and ${staging.expected.pages} pages; more were sent.`);
  }
  const live = await liveGeneration(db);
  for (const post of posts) {
    if (next.last !== null && listOrder(next.last, post) >= 0) {
      throw new ConvexError(`Posts must be staged newest first (by date, then slug): "${post.slug}" came after "${next.last.slug}".`);
    }
    next.last = { date: post.date, slug: post.slug };
    await refuseTaken(db, generation, post.slug);
    const { row, body } = splitBody(post);
    const stored = asStoredAt(row, staging.now);
    const scheduled = isScheduled(row, staging.now);
    const postId = await db.insert("posts", { ...stored, generation, ...(scheduled ? { scheduled } : {}) });
    await db.insert("bodies", { ownerId: postId, ...body, generation });
    for (const alias of post.aliases ?? []) await refuseAliasTaken(db, generation, post.slug, alias);
    await stagePostDerived(db, generation, postId, stored, body);
    if (stored.published) {
      await appendToLists(db, generation, postId, stored, next.listed);
      next.listed += 1;
      await recordPublication(db, stored, await firstPublishedAt(db, live, stored, staging.now));
    }
  }
  for (const page of pages) {
    await refuseTaken(db, generation, page.slug);
    const { row, body } = splitBody(page);
    const pageId = await db.insert("pages", { ...row, generation });
    await db.insert("bodies", { ownerId: pageId, ...body, generation });
    await stagePageDerived(db, generation, pageId, row, body);
  }
  await db.patch("contentSync", state._id, { staging: next });
}

/** Across batches: a slug must be no staged slug nor alias (checkDocuments covers one batch). */
async function refuseTaken(db: DatabaseReader, generation: number, slug: string): Promise<void> {
  if ((await stagedAlias(db, generation, slug)) !== null) throw new ConvexError(`Slug "${slug}" is already an alias of another post.`);
  const post = await db
    .query("posts")
    .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
    .first();
  const page =
    post ??
    (await db
      .query("pages")
      .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
      .first());
  if (page !== null) throw new ConvexError(`Slug "${slug}" is used more than once.`);
}

/** Across batches: an alias must be no staged slug nor alias. */
async function refuseAliasTaken(db: DatabaseReader, generation: number, slug: string, alias: string): Promise<void> {
  const taken =
    (await stagedAlias(db, generation, alias)) ??
    (await db
      .query("posts")
      .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", alias))
      .first()) ??
    (await db
      .query("pages")
      .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", alias))
      .first());
  if (taken !== null) throw new ConvexError(`Post "${slug}": alias "${alias}" is already a slug or another alias.`);
}

async function stagedAlias(db: DatabaseReader, generation: number, alias: string): Promise<Doc<"slugAliases"> | null> {
  return await db
    .query("slugAliases")
    .withIndex("by_generation_and_alias", (q) => q.eq("generation", generation).eq("alias", alias))
    .first();
}

/**
 * Makes a fully staged generation live: one write to the row every reader
 * reads first, plus the publish jobs of its scheduled posts. Refused if any
 * announced post or page is missing, so a half-sent sync never goes live.
 */
export async function switchOver(db: DatabaseWriter, generation: number, scheduler: Scheduler | undefined): Promise<void> {
  const { state, staging } = await openStaging(db, generation);
  const { expected, staged } = staging;
  if (staged.posts !== expected.posts || staged.pages !== expected.pages) {
    throw new ConvexError(
      `Sync ${generation} is incomplete: ${staged.posts} of ${expected.posts} posts and ${staged.pages} of ${expected.pages} pages were staged; run the sync again.`,
    );
  }
  const live = await db.query("contentLive").first();
  if (live === null) await db.insert("contentLive", { generation });
  else await db.patch("contentLive", live._id, { generation });
  await db.patch("contentSync", state._id, { staging: null });
  if (scheduler === undefined) return;
  const scheduled = await db
    .query("posts")
    .withIndex("by_generation_and_scheduled", (q) => q.eq("generation", generation).eq("scheduled", true))
    .take(MAX_SCHEDULED_POSTS);
  await syncPublishJobs(
    db,
    scheduler,
    scheduled.map((post) => ({ slug: post.slug, publishAt: post.publishAt ?? staging.now })),
  );
}

function splitBody<T extends Body>({ content, html, ...row }: T) {
  return { row, body: { content, html } };
}

/**
 * The chart marks the day each post was first published: a post published
 * for the first time gets the sync's time (a scheduled post, its publish
 * time, recorded by its job). A post that was already live and published
 * before this history existed (an upgrade) gets its front-matter date.
 */
async function firstPublishedAt(db: DatabaseReader, live: Generation, post: { slug: string; date: string }, now: number): Promise<number> {
  const current = await db
    .query("posts")
    .withIndex("by_generation_and_slug", (q) => q.eq("generation", live).eq("slug", post.slug))
    .first();
  const dated = Date.parse(post.date);
  return current?.published === true && Number.isFinite(dated) ? dated : now;
}

/** Records when a post was first published, unless it already was. */
export async function recordPublication(db: DatabaseWriter, post: { slug: string; title: string }, at: number): Promise<void> {
  const known = await db.query("publications").withIndex("by_slug", (q) => q.eq("slug", post.slug)).first();
  if (known === null) await db.insert("publications", { slug: post.slug, title: post.title, firstPublishedAt: at });
}
