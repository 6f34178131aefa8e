import { v, type Infer } from "convex/values";

// Shapes shared by the schema, function args and `returns`, defined once.

export const pageType = v.union(
  v.literal("home"),
  v.literal("blog"),
  v.literal("page"),
  v.literal("stats"),
);
export type PageType = Infer<typeof pageType>;

export const activePath = v.object({
  path: v.string(),
  count: v.number(),
});

export const pageStat = v.object({
  path: v.string(),
  title: v.string(),
  pageType,
  views: v.number(),
});
export type PageStat = Infer<typeof pageStat>;

export const stats = v.object({
  activeVisitors: v.number(),
  activeByPath: v.array(activePath),
  totalPageViews: v.number(),
  uniqueVisitors: v.number(),
  publishedPosts: v.number(),
  publishedPages: v.number(),
  trackingSince: v.union(v.number(), v.null()),
  pageStats: v.array(pageStat),
});
export type Stats = Infer<typeof stats>;

export const postFields = {
  slug: v.string(),
  title: v.string(),
  description: v.string(),
  date: v.string(),
  published: v.boolean(),
  tags: v.array(v.string()),
  readTime: v.string(),
  image: v.optional(v.string()),
  content: v.string(),
  html: v.string(),
  contentHash: v.string(),
};
export const post = v.object(postFields);
export type Post = Infer<typeof post>;

export const pageFields = {
  slug: v.string(),
  title: v.string(),
  published: v.boolean(),
  order: v.optional(v.number()),
  content: v.string(),
  html: v.string(),
  contentHash: v.string(),
};
export const page = v.object(pageFields);
export type Page = Infer<typeof page>;

/** What the home page lists: no body. */
export const postSummary = v.object({
  slug: v.string(),
  title: v.string(),
  description: v.string(),
  date: v.string(),
  tags: v.array(v.string()),
  readTime: v.string(),
  image: v.optional(v.string()),
});
export type PostSummary = Infer<typeof postSummary>;

/** A published post as the post page shows it: rendered, sanitized HTML plus its markdown source. */
export const postDetail = v.object({
  ...postSummary.fields,
  content: v.string(),
  html: v.string(),
});
export type PostDetail = Infer<typeof postDetail>;

/** What the navigation lists. */
export const pageLink = v.object({
  slug: v.string(),
  title: v.string(),
  order: v.optional(v.number()),
});
export type PageLink = Infer<typeof pageLink>;

export const pageDetail = v.object({
  slug: v.string(),
  title: v.string(),
  content: v.string(),
  html: v.string(),
});
export type PageDetail = Infer<typeof pageDetail>;
