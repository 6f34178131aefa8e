import type { Scheduler } from "convex/server";
import { v, type Infer } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation, type DatabaseReader, type DatabaseWriter } from "./_generated/server";
import type { Id } from "./_generated/dataModel";
import { removeStale } from "./content.cleanup";
import { listOrder, showPublished } from "./content.derived";
import { liveGeneration } from "./content.live";
import { beginSync, recordPublication, stageBatch, switchOver } from "./content.stage";
import { page, pageRow, post, postRow, type Body } from "./validators";

export { planChanges } from "./content.stage";

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

const beginArgs = v.object({ posts: v.array(postRow), pages: v.array(pageRow), dryRun: v.optional(v.boolean()) });
export type BeginArgs = Infer<typeof beginArgs>;
const beginResult = v.object({ posts: kindCounts, pages: kindCounts, generation: v.union(v.number(), v.null()) });
export type BeginResult = Infer<typeof beginResult>;
const stageArgs = v.object({ generation: v.number(), posts: v.array(post), pages: v.array(page) });
export type StageArgs = Infer<typeof stageArgs>;

// ---------------------------------------------------------------------------
// Internal

/**
 * A whole sync in one transaction: for small content (tests, fixtures). The
 * sync script stages big content in batches with the three functions below.
 */
export const sync = internalMutation({
  args: syncArgs,
  returns: syncResult,
  handler: (ctx, args) => applySync(ctx.db, args, { now: Date.now(), scheduler: ctx.scheduler }),
});

/**
 * Step 1 of a sync: the rows without bodies. Counts the changes; opens a
 * generation to stage into unless nothing changed or it is a dry run.
 */
export const beginStaging = internalMutation({
  args: beginArgs,
  returns: beginResult,
  handler: async (ctx, args) => {
    const result = await beginSync(ctx.db, args, Date.now());
    // A sync that stopped half way left rows nobody will switch to.
    if (result.generation !== null) await ctx.scheduler.runAfter(0, internal.content.removeStaleGenerations, {});
    return result;
  },
});

/** Step 2, once per batch: posts newest first, with bodies; pages in any order. */
export const stage = internalMutation({
  args: stageArgs,
  returns: v.null(),
  handler: async (ctx, { generation, posts, pages }) => {
    await stageBatch(ctx.db, generation, posts, pages);
    return null;
  },
});

/** Step 3: readers move to the staged generation, all at once; the old one is removed after. */
export const switchToStaged = internalMutation({
  args: { generation: v.number() },
  returns: v.null(),
  handler: async (ctx, { generation }) => {
    await switchOver(ctx.db, generation, ctx.scheduler);
    await ctx.scheduler.runAfter(0, internal.content.removeStaleGenerations, {});
    return null;
  },
});

/** Removes a bounded batch of rows no reader can see, and runs again until none are left. */
export const removeStaleGenerations = internalMutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    if (await removeStale(ctx.db)) await ctx.scheduler.runAfter(0, internal.content.removeStaleGenerations, {});
    return null;
  },
});

/** `scheduler` publishes scheduled posts at their time; without it (test helpers) they stay hidden. */
export async function applySync(
  db: DatabaseWriter,
  args: SyncArgs,
  { now = Date.now(), scheduler }: { now?: number; scheduler?: Scheduler } = {},
): Promise<SyncResult> {
  const split = <T extends Body>({ content: _c, html: _h, ...row }: T) => row;
  const begun = await beginSync(db, { posts: args.posts.map(split), pages: args.pages.map(split), dryRun: args.dryRun }, now);
  if (begun.generation !== null) {
    const posts = [...args.posts].sort(listOrder);
    await stageBatch(db, begun.generation, posts, args.pages);
    await switchOver(db, begun.generation, scheduler);
    while (await removeStale(db)) {
      // Small content: the old generation goes in this same transaction.
    }
  }
  return { posts: begun.posts, pages: begun.pages };
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
    const generation = await liveGeneration(ctx.db);
    const post = await ctx.db
      .query("posts")
      .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
      .first();
    if (post === null || post.published || post.publishAt !== publishAt) return null;
    await ctx.db.patch("posts", post._id, { published: true, scheduled: false });
    await showPublished(ctx.db, post);
    await recordPublication(ctx.db, post, publishAt);
    return null;
  },
});

/** What a post or page shows if its body is missing. */
export const EMPTY_BODY: Body = { content: "", html: "" };

/** The body of a post or page; null only if something other than the sync removed it. */
export async function readBody(db: DatabaseReader, ownerId: Id<"posts"> | Id<"pages">): Promise<Body | null> {
  const found = await db
    .query("bodies")
    .withIndex("by_ownerId", (q) => q.eq("ownerId", ownerId))
    .first();
  return found === null ? null : { content: found.content, html: found.html };
}
