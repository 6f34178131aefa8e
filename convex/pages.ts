import { v } from "convex/values";
import { query } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { PAGES_LIST_LIMIT } from "./constants";
import { checkSlugArg } from "./slugs";
import { EMPTY_BODY, readBody } from "./content";
import { liveGeneration } from "./content.live";
import { pageDetail, pageLink, type PageLink } from "./validators";

/** Published pages for the navigation: by `order`, unordered ones last by title. */
export const list = query({
  args: {},
  returns: v.array(pageLink),
  handler: async (ctx) => {
    const generation = await liveGeneration(ctx.db);
    const pages = await ctx.db
      .query("pages")
      .withIndex("by_generation_and_published_and_order", (q) => q.eq("generation", generation).eq("published", true))
      .take(PAGES_LIST_LIMIT);
    return pages.sort(byNavigationOrder).map(toLink);
  },
});

/** The published page with this slug, or null. */
export const getBySlug = query({
  args: { slug: v.string() },
  returns: v.union(pageDetail, v.null()),
  handler: async (ctx, { slug }) => {
    checkSlugArg(slug);
    const generation = await liveGeneration(ctx.db);
    const page = await ctx.db
      .query("pages")
      .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
      .first();
    if (!page?.published) return null;
    return { slug: page.slug, title: page.title, ...((await readBody(ctx.db, page._id)) ?? EMPTY_BODY) };
  },
});

// The index sorts a missing `order` before every number; navigation wants
// those pages after the ordered ones.
function byNavigationOrder(a: Doc<"pages">, b: Doc<"pages">): number {
  if (a.order !== b.order) {
    if (a.order === undefined) return 1;
    if (b.order === undefined) return -1;
    return a.order - b.order;
  }
  return a.title.localeCompare(b.title);
}

function toLink(page: Doc<"pages">): PageLink {
  const link: PageLink = { slug: page.slug, title: page.title };
  if (page.order !== undefined) link.order = page.order;
  return link;
}
