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
  /**
   * When a published post goes live (ms since the epoch): its date, or its
   * publishAt time, in the site's time zone. Until then it is stored with
   * `published: false` and a scheduled job flips it.
   */
  publishAt: v.optional(v.number()),

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

/** What search finds: a post or a page. */
export const searchKind = v.union(v.literal("post"), v.literal("page"));
export type SearchKind = Infer<typeof searchKind>;

/** A run of a result's quoted text; `match` marks where a query word matched. */
export const snippetSegment = v.object({ text: v.string(), match: v.boolean() });
export type SnippetSegment = Infer<typeof snippetSegment>;

/** A row of the `searchDocs` table, derived by the sync from a post or page. */
export const searchDocFields = {
  ownerId: v.union(v.id("posts"), v.id("pages")),
  kind: searchKind,
  slug: v.string(),
  title: v.string(),
  /** Posts only. */
  date: v.optional(v.string()),
  /** The title, a newline, then the body's plain text: what the index searches. */
  text: v.string(),
  /** Published (and, for a post, not waiting for its publish time). */
  visible: v.boolean(),
};

export const searchResult = v.object({
  type: searchKind,
  slug: v.string(),
  title: v.string(),
  date: v.optional(v.string()),
  snippet: v.array(snippetSegment),
});
export type SearchResult = Infer<typeof searchResult>;

/** A tag and how many published posts have it. */
export const tagCount = v.object({ tag: v.string(), count: v.number() });
export type TagCount = Infer<typeof tagCount>;

/** One page of a list of posts, newest first. */
export const postPageFields = { posts: v.array(postSummary), page: v.number(), pageCount: v.number() };
export const postPage = v.object(postPageFields);
export type PostPage = Infer<typeof postPage>;

/** A page of a tag's published posts, newest first. */
export const tagPage = v.object({ tag: v.string(), count: v.number(), ...postPageFields });
export type TagPage = Infer<typeof tagPage>;

/** Enough of a post to link to it. */
export const postLink = v.object({ slug: v.string(), title: v.string(), date: v.string() });
export type PostLink = Infer<typeof postLink>;

/** What follows a post: its older and newer neighbours by date, and related posts. */
export const postEnd = v.object({
  older: v.union(postLink, v.null()),
  newer: v.union(postLink, v.null()),
  related: v.array(postSummary),
});
export type PostEnd = Infer<typeof postEnd>;
