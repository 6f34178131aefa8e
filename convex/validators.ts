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

/**
 * What a heartbeat answers: the server's clock, so the stats page can line up
 * the coarse `now` it passes to getStats with the `lastSeen` times the server
 * stamps, whatever the browser's own clock says.
 */
export const heartbeatResult = v.object({ serverTime: v.number() });

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

/**
 * A post's or page's markdown source and its sanitized HTML. They live in the
 * `bodies` table, so lists, counts and the stats never read them.
 */
export const bodyFields = {
  content: v.string(),
  html: v.string(),
};
export const body = v.object(bodyFields);
export type Body = Infer<typeof body>;

/** A row of the `posts` table: everything but the body. */
export const postFields = {
  slug: v.string(),
  title: v.string(),
  description: v.string(),
  date: v.string(),
  published: v.boolean(),
  tags: v.array(v.string()),
  readTime: v.string(),
  image: v.optional(v.string()),
  /** The image file's pixel size, read at sync time, so the page reserves its box before it loads. */
  imageWidth: v.optional(v.number()),
  imageHeight: v.optional(v.number()),
  /** Hash of the source file and renderer version: equal hashes mean an equal body. */
  contentHash: v.string(),
};
/** A post as `npm run sync` sends it, body included. */
export const post = v.object({ ...postFields, ...bodyFields });
export type Post = Infer<typeof post>;

/** A row of the `pages` table: everything but the body. */
export const pageFields = {
  slug: v.string(),
  title: v.string(),
  published: v.boolean(),
  order: v.optional(v.number()),
  contentHash: v.string(),
};
/** A page as `npm run sync` sends it, body included. */
export const page = v.object({ ...pageFields, ...bodyFields });
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
  imageWidth: v.optional(v.number()),
  imageHeight: v.optional(v.number()),
});
export type PostSummary = Infer<typeof postSummary>;

/** A published post as the post page shows it: rendered, sanitized HTML plus its markdown source. */
export const postDetail = v.object({ ...postSummary.fields, ...bodyFields });
export type PostDetail = Infer<typeof postDetail>;

/** What the navigation lists. */
export const pageLink = v.object({
  slug: v.string(),
  title: v.string(),
  order: v.optional(v.number()),
});
export type PageLink = Infer<typeof pageLink>;

export const pageDetail = v.object({ slug: v.string(), title: v.string(), ...bodyFields });
export type PageDetail = Infer<typeof pageDetail>;
