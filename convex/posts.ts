import { v } from "convex/values";
import { query, type QueryCtx } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import { POSTS_LIST_LIMIT, RELATED_POSTS, RELATED_SCAN_PER_TAG } from "./constants";
import { checkSlugArg } from "./slugs";
import { EMPTY_BODY, readBody } from "./content";
import { liveGeneration, type Generation } from "./content.live";
import { ALL_POSTS, readListPage, neighbours, tagList } from "./lists";
import { postDetail, postEnd, postPage, postSummary, type PostSummary } from "./validators";

/** Published posts, newest first, without their bodies. */
export const list = query({
  args: {},
  returns: v.array(postSummary),
  handler: async (ctx) => {
    const generation = await liveGeneration(ctx.db);
    const posts = await ctx.db
      .query("posts")
      .withIndex("by_generation_and_published_and_date", (q) => q.eq("generation", generation).eq("published", true))
      .order("desc")
      .take(POSTS_LIST_LIMIT);
    return posts.map(toPostSummary);
  },
});

/** One page of the home page's list: POSTS_PER_PAGE published posts, newest first. Null past the last page. */
export const listPage = query({
  args: { page: v.number() },
  returns: v.union(postPage, v.null()),
  handler: async (ctx, { page }) => {
    const found = await readListPage(ctx.db, await liveGeneration(ctx.db), ALL_POSTS, page);
    return found && { posts: found.posts.map(toPostSummary), page: found.page, pageCount: found.pageCount };
  },
});

/** The published post with this slug, or null (unknown and draft look alike). */
export const getBySlug = query({
  args: { slug: v.string() },
  returns: v.union(postDetail, v.null()),
  handler: async (ctx, { slug }) => {
    const post = await publishedPost(ctx, await liveGeneration(ctx.db), slug);
    if (post === null) return null;
    return { ...toPostSummary(post), ...((await readBody(ctx.db, post._id)) ?? EMPTY_BODY) };
  },
});

/** The slug a published post has now, when `slug` is one of its old ones (`aliases:`); else null. */
export const movedTo = query({
  args: { slug: v.string() },
  returns: v.union(v.string(), v.null()),
  handler: async (ctx, { slug }) => {
    checkSlugArg(slug);
    return await aliasTarget(ctx.db, slug);
  },
});

/**
 * The published posts just older and newer than this one (in the home page's
 * order), and up to RELATED_POSTS sharing the most
 * tags with it, most recent first among equals. Null for an unknown or
 * unpublished post.
 */
export const getEnd = query({
  args: { slug: v.string() },
  returns: v.union(postEnd, v.null()),
  handler: async (ctx, { slug }) => {
    const generation = await liveGeneration(ctx.db);
    const post = await publishedPost(ctx, generation, slug);
    if (post === null) return null;
    return { ...(await neighbours(ctx.db, generation, ALL_POSTS, slug)), related: await related(ctx, generation, post) };
  },
});

/** The published post with this (checked) slug; null for an unknown one or a draft alike. */
async function publishedPost(ctx: QueryCtx, generation: Generation, slug: string): Promise<Doc<"posts"> | null> {
  checkSlugArg(slug);
  const post = await ctx.db
    .query("posts")
    .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
    .first();
  return post?.published ? post : null;
}

async function related(ctx: QueryCtx, generation: Generation, post: Doc<"posts">): Promise<PostSummary[]> {
  const shared = new Map<Id<"posts">, { count: number; date: string }>();
  for (const tag of post.tags) {
    const rows = await ctx.db
      .query("postLists")
      .withIndex("by_generation_and_list_and_position", (q) => q.eq("generation", generation).eq("list", tagList(tag)))
      .take(RELATED_SCAN_PER_TAG);
    for (const row of rows) {
      if (row.postId === post._id) continue;
      const seen = shared.get(row.postId);
      shared.set(row.postId, { count: (seen?.count ?? 0) + 1, date: row.date });
    }
  }
  const best = [...shared]
    .sort(([, a], [, b]) => b.count - a.count || b.date.localeCompare(a.date))
    .slice(0, RELATED_POSTS);
  const docs = await Promise.all(best.map(([id]) => ctx.db.get("posts", id)));
  return docs.filter((doc): doc is Doc<"posts"> => doc?.published === true).map(toPostSummary);
}

export function toPostSummary(post: Doc<"posts">): PostSummary {
  const summary: PostSummary = {
    slug: post.slug,
    title: post.title,
    description: post.description,
    date: post.date,
    tags: post.tags,
    readTime: post.readTime,
  };
  if (post.image !== undefined) summary.image = post.image;
  if (post.imageWidth !== undefined && post.imageHeight !== undefined) {
    summary.imageWidth = post.imageWidth;
    summary.imageHeight = post.imageHeight;
  }
  return summary;
}

/** Where an old slug leads: the slug of the published post that lists it in `aliases:`, or null. */
export async function aliasTarget(db: QueryCtx["db"], slug: string): Promise<string | null> {
  const generation = await liveGeneration(db);
  const alias = await db
    .query("slugAliases")
    .withIndex("by_generation_and_alias", (q) => q.eq("generation", generation).eq("alias", slug))
    .first();
  if (alias === null) return null;
  const post = await db
    .query("posts")
    .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", alias.slug))
    .first();
  return post?.published ? post.slug : null;
}
