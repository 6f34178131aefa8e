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

// ---- /stats dashboard (#9): shapes shared with the dashboard queries ----

export const statsRange = v.union(
  v.literal("today"), v.literal("yesterday"), v.literal("24h"), v.literal("7d"),
  v.literal("30d"), v.literal("month"), v.literal("12mo"), v.literal("all"));
export type StatsRange = Infer<typeof statsRange>;

// What a panel breaks views down by, and what a filter can pin.
export const statsDimension = v.union(
  v.literal("page"), v.literal("entry"), v.literal("exit"),
  v.literal("source"), v.literal("utmSource"), v.literal("utmMedium"), v.literal("utmCampaign"),
  v.literal("device"), v.literal("browser"), v.literal("os"), v.literal("country"));
export type StatsDimension = Infer<typeof statsDimension>;

export const statsFilter = v.object({ dimension: statsDimension, value: v.string() });
export type StatsFilter = Infer<typeof statsFilter>;

export const device = v.union(v.literal("mobile"), v.literal("tablet"), v.literal("laptop"), v.literal("desktop"));

/** What the tracker sends with a view (all optional: old clients and old rows have none). */
export const visitContext = v.object({
  referrerHost: v.optional(v.string()),   // external host only, lower-case, no path/query; absent = Direct
  utmSource: v.optional(v.string()),
  utmMedium: v.optional(v.string()),
  utmCampaign: v.optional(v.string()),
  device: v.optional(device),             // from screen width: <576 mobile, <992 tablet, <1440 laptop, else desktop
  browser: v.optional(v.string()),        // family only, e.g. "Chrome", "Firefox", "Safari"
  os: v.optional(v.string()),             // family only, e.g. "Android", "iOS", "Windows"
  country: v.optional(v.string()),        // ISO 3166-1 alpha-2 from the IANA time zone, e.g. "DE"
});
export type VisitContext = Infer<typeof visitContext>;

/** Common args of every dashboard query. */
// range: the picked range. anchor: the viewer's "now" rounded DOWN to the hour (ms since epoch),
// so the query is cacheable for an hour and live (it re-runs on writes, not on time).
// filters: AND of filters (at most one per dimension). key: the owner or share key in private mode.
export const dashboardArgs = {
  range: statsRange, anchor: v.number(), filters: v.array(statsFilter), key: v.optional(v.string()),
};

export const headline = v.object({
  visitors: v.number(), visits: v.number(), views: v.number(),
  viewsPerVisit: v.number(), bounceRate: v.number(),          // 0..1
  visitDurationMs: v.number(),                                 // mean engaged ms per visit
});
export const dashboardSummary = v.object({
  current: headline,
  previous: v.union(headline, v.null()),   // null for "all"
  visitorsApproximate: v.boolean(),        // true when visitors across days come from merged sketches
  catchingUp: v.boolean(),                 // true when a cap was reached: the page must say so
});

export const seriesPoint = v.object({ start: v.number(), visitors: v.number(), views: v.number() });
export const dashboardSeries = v.object({
  granularity: v.union(v.literal("hour"), v.literal("day"), v.literal("month")),
  timeZone: v.string(),
  points: v.array(seriesPoint),            // every bucket in the range, zeros included, oldest first
  published: v.array(v.object({ start: v.number(), slug: v.string(), title: v.string() })), // posts first published in a bucket
  catchingUp: v.boolean(),
});

export const breakdownRow = v.object({
  value: v.string(),                       // the raw value to filter by ("" = Direct / unknown)
  label: v.string(),                       // what to show ("Direct", "Germany", a page title, ...)
  visitors: v.number(), views: v.number(),
  engagedMs: v.union(v.number(), v.null()),      // page dimension only: average engaged ms per visitor
  completion: v.union(v.number(), v.null()),     // page dimension, posts only: share 0..1 of visitors who read readTime
});
export const dashboardBreakdown = v.object({
  rows: v.array(breakdownRow),             // sorted by visitors desc, at most 100
  truncated: v.boolean(),
  catchingUp: v.boolean(),
});

export const dashboardSettings = v.object({
  timeZone: v.string(),                    // IANA, site setting, default "UTC"
  access: v.union(v.literal("public"), v.literal("private")),
});
