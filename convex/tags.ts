import { v } from "convex/values";
import { query } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { MAX_TAGS, POSTS_LIST_LIMIT } from "./constants";
import { toPostSummary } from "./posts";
import { checkTagArg } from "./slugs";
import { tagCount, tagPage, type TagCount } from "./validators";

/** Every tag of a published post, alphabetically, with its number of posts. */
export const list = query({
  args: {},
  returns: v.array(tagCount),
  handler: async (ctx) => {
    const tags = await ctx.db.query("tags").withIndex("by_tag").take(MAX_TAGS);
    return tags.map(({ tag, count }): TagCount => ({ tag, count }));
  },
});

/** A tag's published posts, newest first; null for a tag no published post has. */
export const getPosts = query({
  args: { tag: v.string() },
  returns: v.union(tagPage, v.null()),
  handler: async (ctx, { tag }) => {
    checkTagArg(tag);
    const counted = await ctx.db
      .query("tags")
      .withIndex("by_tag", (q) => q.eq("tag", tag))
      .first();
    if (counted === null) return null;
    const rows = await ctx.db
      .query("postTags")
      .withIndex("by_tag_and_date", (q) => q.eq("tag", tag))
      .order("desc")
      .take(POSTS_LIST_LIMIT);
    const posts = await Promise.all(rows.map((row) => ctx.db.get("posts", row.postId)));
    return {
      tag,
      count: counted.count,
      posts: posts.filter((post): post is Doc<"posts"> => post?.published === true).map(toPostSummary),
    };
  },
});
