import { v } from "convex/values";
import { query } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { POSTS_LIST_LIMIT } from "./constants";
import { checkSlugArg } from "./slugs";
import { EMPTY_BODY, readBody } from "./content";
import { postDetail, postSummary, type PostSummary } from "./validators";

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
