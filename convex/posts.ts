import { v } from "convex/values";
import { query, type QueryCtx } from "./_generated/server";
import type { Doc, Id } from "./_generated/dataModel";
import { POSTS_LIST_LIMIT, RELATED_POSTS, RELATED_SCAN_PER_TAG } from "./constants";
import { checkSlugArg } from "./slugs";
import { EMPTY_BODY, readBody } from "./content";
import { postDetail, postEnd, postSummary, type PostLink, type PostSummary } from "./validators";

/** Published posts, newest first, without their bodies. */
export const list = query({
  args: {},
  returns: v.array(postSummary),
  handler: async (ctx) => {
    const posts = await ctx.db
      .query("posts")
      .withIndex("by_published_and_date", (q) => q.eq("published", true))
      .order("desc")
      .take(POSTS_LIST_LIMIT);
    return posts.map(toPostSummary);
  },
});

/** The published post with this slug, or null (unknown and draft look alike). */
export const getBySlug = query({
  args: { slug: v.string() },
  returns: v.union(postDetail, v.null()),
  handler: async (ctx, { slug }) => {
    checkSlugArg(slug);
    const post = await ctx.db
      .query("posts")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .first();
    if (!post?.published) return null;
    return { ...toPostSummary(post), ...((await readBody(ctx.db, post._id)) ?? EMPTY_BODY) };
  },
});

/**
 * The published posts just older and newer than this one (in the home page's
 * order: date, then sync order), and up to RELATED_POSTS sharing the most
 * tags with it, most recent first among equals. Null for an unknown or
 * unpublished post.
 */
export const getEnd = query({
  args: { slug: v.string() },
  returns: v.union(postEnd, v.null()),
  handler: async (ctx, { slug }) => {
    checkSlugArg(slug);
    const post = await ctx.db
      .query("posts")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .first();
    if (!post?.published) return null;
    return {
      older: await neighbour(ctx, post, "older"),
      newer: await neighbour(ctx, post, "newer"),
      related: await related(ctx, post),
    };
  },
});

async function neighbour(ctx: QueryCtx, post: Doc<"posts">, side: "older" | "newer"): Promise<PostLink | null> {
  const older = side === "older";
  const order = older ? "desc" : "asc";
  // The same date first (the index's last field, _creationTime, breaks the tie), then the next date.
  const sameDay = await ctx.db
    .query("posts")
    .withIndex("by_published_and_date", (q) => {
      const day = q.eq("published", true).eq("date", post.date);
      return older ? day.lt("_creationTime", post._creationTime) : day.gt("_creationTime", post._creationTime);
    })
    .order(order)
    .first();
  const found =
    sameDay ??
    (await ctx.db
      .query("posts")
      .withIndex("by_published_and_date", (q) => {
        const published = q.eq("published", true);
        return older ? published.lt("date", post.date) : published.gt("date", post.date);
      })
      .order(order)
      .first());
  return found === null ? null : { slug: found.slug, title: found.title, date: found.date };
}

async function related(ctx: QueryCtx, post: Doc<"posts">): Promise<PostSummary[]> {
  const shared = new Map<Id<"posts">, { count: number; date: string }>();
  for (const tag of post.tags) {
    const rows = await ctx.db
      .query("postTags")
      .withIndex("by_tag_and_date", (q) => q.eq("tag", tag))
      .order("desc")
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
  return summary;
}
