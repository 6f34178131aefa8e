import { v } from "convex/values";
import { query } from "./_generated/server";
import { MAX_TAGS } from "./constants";
import { liveGeneration } from "./content.live";
import { readListPage, tagList } from "./lists";
import { toPostSummary } from "./posts";
import { checkTagArg } from "./slugs";
import { tagCount, tagPage, type TagCount } from "./validators";

/** Every tag of a published post, alphabetically, with its number of posts. */
export const list = query({
  args: {},
  returns: v.array(tagCount),
  handler: async (ctx) => {
    const generation = await liveGeneration(ctx.db);
    const tags = await ctx.db
      .query("tags")
      .withIndex("by_generation_and_tag", (q) => q.eq("generation", generation))
      .take(MAX_TAGS);
    return tags.map(({ tag, count }): TagCount => ({ tag, count }));
  },
});

/** A page of a tag's published posts, newest first; null for a tag no published post has, or past its last page. */
export const getPosts = query({
  args: { tag: v.string(), page: v.optional(v.number()) },
  returns: v.union(tagPage, v.null()),
  handler: async (ctx, { tag, page = 1 }) => {
    checkTagArg(tag);
    const generation = await liveGeneration(ctx.db);
    const counted = await ctx.db
      .query("tags")
      .withIndex("by_generation_and_tag", (q) => q.eq("generation", generation).eq("tag", tag))
      .first();
    if (counted === null) return null;
    const found = await readListPage(ctx.db, generation, tagList(tag), page);
    return found && { tag, count: counted.count, posts: found.posts.map(toPostSummary), page: found.page, pageCount: found.pageCount };
  },
});
