import { v, type Infer } from "convex/values";

// Shapes shared by the schema, function args and `returns`, defined once.

export const pageType = v.union(
  v.literal("home"),
  v.literal("blog"),
  v.literal("page"),
  v.literal("stats"),
  /** The list of every tag. */
  v.literal("tags"),
  /** A tag's list of posts, any page of it. */
  v.literal("tag"),
  /** A later page of the home list (/page/N). */
  v.literal("list"),
  /** A path the site has no page for: counted under the path asked for. */
  v.literal("notFound"),
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
  /** True when a read cap was reached: the page must say the numbers are catching up. */
  catchingUp: v.boolean(),
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
  /** Slugs the post had before: their URLs redirect here and their views count as this post's. */
  aliases: v.optional(v.array(v.string())),
};
/** A post's or page's row as a sync announces it: everything but the body. */
export const postRow = v.object(postFields);
export type PostRow = Infer<typeof postRow>;

/** The sync being staged (convex/content.stage.ts). */
export const stagingState = v.object({
  generation: v.number(),
  /** The sync's clock, so every batch tells scheduled posts apart alike. */
  now: v.number(),
  expected: v.object({ posts: v.number(), pages: v.number() }),
  staged: v.object({ posts: v.number(), pages: v.number() }),
  /** Published posts placed in the home page's list so far. */
  listed: v.number(),
  /** The last post staged: posts come newest first, so each list is built in order. */
  last: v.union(v.null(), v.object({ date: v.string(), slug: v.string() })),
});
export type StagingState = Infer<typeof stagingState>;

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
export const pageRow = v.object(pageFields);
export type PageRow = Infer<typeof pageRow>;
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

/**
 * A row of the legacy `searchDocs` table (Convex's own search index). Search
 * no longer reads it; the sync empties it, and it can leave the schema once
 * every deployment has synced (see prds/discovery.md).
 */
export const searchDocFields = {
  ownerId: v.union(v.id("posts"), v.id("pages")),
  kind: searchKind,
  slug: v.string(),
  title: v.string(),
  date: v.optional(v.string()),
  text: v.string(),
  visible: v.boolean(),
};

/** What search shows of a post or page and matches besides its body words. */
const searchEntryHead = {
  kind: searchKind,
  slug: v.string(),
  title: v.string(),
  /** Posts only. */
  date: v.optional(v.string()),
  /** Posts only; "" for pages. */
  description: v.string(),
  tags: v.array(v.string()),
  /** Heading texts, one per line. */
  headings: v.string(),
};

/** A row of the `searchEntries` table, derived by the sync from a post or page. */
export const searchEntryFields = {
  ...searchEntryHead,
  /** The body's distinct searchable words, space-separated, in order of first use. */
  words: v.string(),
  ownerId: v.union(v.id("posts"), v.id("pages")),
  /** Published (and, for a post, not waiting for its publish time). */
  visible: v.boolean(),
};

/** An entry as the browser receives it: body words as positions in the index's vocabulary. */
export const searchEntry = v.object({
  ...searchEntryHead,
  /** Ascending vocabulary positions, packed (convex/search.pack.ts). */
  wordIds: v.string(),
});
export type SearchEntry = Infer<typeof searchEntry>;

/** The whole search index: every body word once, then the entries. */
export const searchIndexData = v.object({
  /** Distinct body words, space-separated, most used first. */
  vocabulary: v.string(),
  entries: v.array(searchEntry),
});
export type SearchIndexData = Infer<typeof searchIndexData>;

/** One chunk of the index (its own vocabulary), and the slug to ask the next chunk after, or null after the last. */
export const searchIndexChunk = v.object({ ...searchIndexData.fields, next: v.union(v.string(), v.null()) });
export type SearchIndexChunk = Infer<typeof searchIndexChunk>;

/** A result's quoted sentence, by slug. */
export const searchSnippet = v.object({ slug: v.string(), snippet: v.array(snippetSegment) });
export type SearchSnippet = Infer<typeof searchSnippet>;

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

// ---------------------------------------------------------------------------
// The /stats dashboard over time (issue #9). Names and shapes are the contract
// between the data layer (convex/dashboard*.ts) and the UI (src/).

export const statsRange = v.union(
  v.literal("today"),
  v.literal("yesterday"),
  v.literal("24h"),
  v.literal("7d"),
  v.literal("30d"),
  v.literal("month"),
  v.literal("12mo"),
  v.literal("all"),
);
export type StatsRange = Infer<typeof statsRange>;

/** What a panel breaks views down by, and what a filter can pin. */
export const statsDimension = v.union(
  v.literal("page"),
  v.literal("entry"),
  v.literal("exit"),
  v.literal("source"),
  /** Direct, Search, Social, Email, Referral or Campaign. */
  v.literal("channel"),
  /** The referrer host within its named source (Google → google.de, google.com). */
  v.literal("sourceHost"),
  v.literal("utmSource"),
  v.literal("utmMedium"),
  v.literal("utmCampaign"),
  v.literal("device"),
  v.literal("browser"),
  v.literal("os"),
  v.literal("country"),
);
export type StatsDimension = Infer<typeof statsDimension>;

export const statsFilter = v.object({ dimension: statsDimension, value: v.string() });
export type StatsFilter = Infer<typeof statsFilter>;

export const device = v.union(v.literal("mobile"), v.literal("tablet"), v.literal("laptop"), v.literal("desktop"));
export type Device = Infer<typeof device>;

/** What the tracker sends with a view (all optional: old clients and old rows have none). */
export const visitContextFields = {
  /** External host only, lower-case, no path or query; absent = Direct. */
  referrerHost: v.optional(v.string()),
  utmSource: v.optional(v.string()),
  utmMedium: v.optional(v.string()),
  utmCampaign: v.optional(v.string()),
  /** From screen width: <576 mobile, <992 tablet, <1440 laptop, else desktop. */
  device: v.optional(device),
  /** Family only, e.g. "Chrome", "Firefox", "Safari". */
  browser: v.optional(v.string()),
  /** Family only, e.g. "Android", "iOS", "Windows". */
  os: v.optional(v.string()),
  /** ISO 3166-1 alpha-2 from the IANA time zone, e.g. "DE". */
  country: v.optional(v.string()),
};
export const visitContext = v.object(visitContextFields);
export type VisitContext = Infer<typeof visitContext>;

/**
 * What a client may send as a view's context: the same fields as plain
 * strings, plus `ref` (a ?ref= tag). The server keeps each field it can make
 * sense of and drops the rest one by one (convex/stats.context.ts): an odd
 * referrer or a stray tab in a campaign name never costs the view.
 */
export const visitContextInput = v.object({
  referrerHost: v.optional(v.string()),
  utmSource: v.optional(v.string()),
  utmMedium: v.optional(v.string()),
  utmCampaign: v.optional(v.string()),
  ref: v.optional(v.string()),
  device: v.optional(v.string()),
  browser: v.optional(v.string()),
  os: v.optional(v.string()),
  country: v.optional(v.string()),
});
export type VisitContextInput = Infer<typeof visitContextInput>;

/** How a visit reached the site, worked out from its referrer and tags at capture (convex/stats.sources.ts). */
export const channel = v.union(
  v.literal("Direct"),
  v.literal("Search"),
  v.literal("Social"),
  v.literal("Email"),
  v.literal("Referral"),
  v.literal("Campaign"),
);
export type Channel = Infer<typeof channel>;

/**
 * Common args of every dashboard query. `anchor` is the viewer's "now" rounded
 * down to the hour, so a result stays cacheable for an hour and live (it re-runs
 * on writes, not on time). `filters` are ANDed, at most one per dimension.
 * `key` is the owner or share key in private mode.
 */
/** What the headline and the chart compare with. */
export const compareWith = v.union(v.literal("previous"), v.literal("year"), v.literal("none"));
export type CompareWith = Infer<typeof compareWith>;

/** A custom range: whole days in the site's time zone, "YYYY-MM-DD", both included. */
export const customRange = v.object({ from: v.string(), to: v.string() });
export type CustomRange = Infer<typeof customRange>;

export const dashboardArgs = {
  range: statsRange,
  anchor: v.number(),
  filters: v.array(statsFilter),
  key: v.optional(v.string()),
  /** When given, replaces `range`. */
  custom: v.optional(customRange),
  /** Default "previous"; the breakdown ignores it. */
  compare: v.optional(compareWith),
};

export const headline = v.object({
  visitors: v.number(),
  visits: v.number(),
  views: v.number(),
  viewsPerVisit: v.number(),
  /** 0..1 */
  bounceRate: v.number(),
  /** Mean engaged ms per visit. */
  visitDurationMs: v.number(),
});
export type Headline = Infer<typeof headline>;

export const dashboardSummary = v.object({
  current: headline,
  /** null for "all". */
  previous: v.union(headline, v.null()),
  /** True when visitors are estimated (a set past its exact size, or a read cap). */
  visitorsApproximate: v.boolean(),
  /** Non-null when every figure is estimated from a sample of this many whole visits (several filters, many matches). */
  sampleVisits: v.union(v.number(), v.null()),
  /** True when the unfiltered tail reached a cap: the page must say the numbers are catching up. */
  catchingUp: v.boolean(),
});
export type DashboardSummary = Infer<typeof dashboardSummary>;

export const granularity = v.union(v.literal("hour"), v.literal("day"), v.literal("month"));
export type Granularity = Infer<typeof granularity>;

/** A chart bucket. */
export const chartInterval = v.union(v.literal("hour"), v.literal("day"), v.literal("week"), v.literal("month"));
export type ChartInterval = Infer<typeof chartInterval>;

/** One chart bucket's counts; the client derives the rates (bounce rate, duration, views per visit). */
export const seriesPoint = v.object({
  start: v.number(),
  visitors: v.number(),
  views: v.number(),
  visits: v.number(),
  bounces: v.number(),
  /** Engaged ms of the bucket's visits, summed. */
  engagedMs: v.number(),
});
export type SeriesPoint = Infer<typeof seriesPoint>;

export const publishedMarker = v.object({ start: v.number(), slug: v.string(), title: v.string() });
export type PublishedMarker = Infer<typeof publishedMarker>;

export const dashboardSeries = v.object({
  granularity: chartInterval,
  /** The intervals this range can be charted in. */
  intervals: v.array(chartInterval),
  timeZone: v.string(),
  /** Every bucket in the range, zeros included, oldest first. */
  points: v.array(seriesPoint),
  compare: compareWith,
  /** The compared period's buckets, in the same order (null: none, or its hours are no longer kept). */
  previous: v.union(v.array(seriesPoint), v.null()),
  /** Posts published in a bucket (front-matter date or publishAt). */
  published: v.array(publishedMarker),
  visitorsApproximate: v.boolean(),
  sampleVisits: v.union(v.number(), v.null()),
  catchingUp: v.boolean(),
});
export type DashboardSeries = Infer<typeof dashboardSeries>;

export const breakdownRow = v.object({
  /** The raw value to filter by ("" = Direct / unknown). */
  value: v.string(),
  /** What to show ("Direct", "Germany", a page title, ...). */
  label: v.string(),
  visitors: v.number(),
  views: v.number(),
  /** Page dimension only: average engaged ms per visitor. */
  engagedMs: v.union(v.number(), v.null()),
  /** Page dimension, posts only: share 0..1 of visitors who read for the post's readTime. */
  completion: v.union(v.number(), v.null()),
  /** Page dimension: mean largest share 0..1 of the article seen per view; absent when no view reported one. */
  scroll: v.optional(v.number()),
});
export type BreakdownRow = Infer<typeof breakdownRow>;

export const dashboardBreakdown = v.object({
  /** Sorted by visitors desc: the first `limit` (default PANEL_ROWS) of the panel's rows. */
  rows: v.array(breakdownRow),
  /** Rows the whole list has, at most MAX_BREAKDOWN_ROWS (what "Show all" lists). */
  rowCount: v.number(),
  truncated: v.boolean(),
  visitorsApproximate: v.boolean(),
  sampleVisits: v.union(v.number(), v.null()),
  catchingUp: v.boolean(),
});
export type DashboardBreakdown = Infer<typeof dashboardBreakdown>;

export const statsAccess = v.union(v.literal("public"), v.literal("private"));
export type StatsAccess = Infer<typeof statsAccess>;

export const dashboardSettings = v.object({
  /** IANA, site setting, default "UTC". */
  timeZone: v.string(),
  access: statsAccess,
});
export type DashboardSettings = Infer<typeof dashboardSettings>;

export const keyRole = v.union(v.literal("owner"), v.literal("share"), v.null());
export type KeyRole = Infer<typeof keyRole>;

/**
 * `dashboard.shareLink`: null unless the caller holds the owner key of a
 * private deployment. `shareKey` is null when STATS_SHARE_KEY is missing or
 * too short, so the owner can be told how to set it.
 */
export const shareLinkAnswer = v.union(v.null(), v.object({ shareKey: v.union(v.string(), v.null()) }));
export type ShareLinkAnswer = Infer<typeof shareLinkAnswer>;

/**
 * What every view and engagement event carries to be broken down and filtered
 * by. The source fields and entryPath belong to the visit: later views of a
 * visit inherit them from its first view. All optional: rows recorded before
 * the dashboard count as Direct / unknown.
 */
export const eventDimensionFields = {
  ...visitContextFields,
  /** The named source ("Google", "Hacker News", or the bare host); absent = Direct. */
  source: v.optional(v.string()),
  channel: v.optional(channel),
  /** The path the visit entered at. */
  entryPath: v.optional(v.string()),
};

/** Visit bookkeeping a view gets at insert; absent on rows from before the dashboard. */
export const visitFields = {
  /** Timestamp of the visit's first view; equal to `timestamp` on an entry. */
  visitStart: v.optional(v.number()),
  /** This session's previous view (any path), if any. */
  prevTs: v.optional(v.number()),
  /** The previous view's path, when this view continues the same visit. */
  prevPath: v.optional(v.string()),
  /** This session's previous view of the same path, if any. */
  prevPathTs: v.optional(v.number()),
  /** This view is what first makes its visit not a bounce (its second view). */
  clearsBounce: v.optional(v.boolean()),
  /**
   * On a visit's first view of its path (not its entry): the visit's engaged
   * time reported before this view, so a page's cells get the whole visit's
   * time (prds/stats-dashboard.md, "Visit duration under a page filter").
   */
  visitEngagedMs: v.optional(v.number()),
};

/** The rollup's dimensions: the panels' plus the headline totals. */
export const rollupDimension = v.union(statsDimension, v.literal("total"));
export type RollupDimension = Infer<typeof rollupDimension>;

/** One value's counts in one bucket. */
export const rollupRow = v.object({
  value: v.string(),
  views: v.number(),
  /** Distinct visitors within the bucket. */
  visitors: v.number(),
  visits: v.number(),
  /** Visits that are not bounces (a second view, or 10 s engaged on the only one). */
  nonBounces: v.number(),
  engagedMs: v.number(),
  /** Views of this path followed by another view of the same visit (exits = views - continued). */
  continued: v.number(),
  /** Visitors whose engaged time on this post reached its readTime. */
  completions: v.number(),
  /** First views ever of a session (all-time visitors). */
  newVisitors: v.number(),
  /** Page rows: the largest share of the article seen, summed over the views that reported one (scrollViews). */
  scrollSum: v.optional(v.number()),
  scrollViews: v.optional(v.number()),
  /**
   * Page cells only (bucket documents leave it out): the engaged time of the
   * whole visits that include the page, what a page filter's visit duration
   * shows. Absent on cells from before it was kept, where `engagedMs` stands in.
   */
  visitEngagedMs: v.optional(v.number()),
});
export type RollupRow = Infer<typeof rollupRow>;
/** A bucket document's rows packed (dashboard.rows.ts): values, seven uint32 counts a row, engaged ms and scroll depth's pairs as float64. */
export const packedBucketRows = v.object({
  values: v.array(v.string()),
  counts: v.bytes(),
  engaged: v.bytes(),
  scroll: v.optional(v.bytes()),
});
export type PackedBucketRows = Infer<typeof packedBucketRows>;
export const eventDimensions = v.object(eventDimensionFields);
export type EventDimensions = Infer<typeof eventDimensions>;
export const visitMarkers = v.object(visitFields);
export type VisitMarkers = Infer<typeof visitMarkers>;

// Link events (issue 20): missing pages, outbound clicks and downloads, one
// rollup document per kind, day, key and where it came from (convex/links.ts).

export const linkKind = v.union(v.literal("notFound"), v.literal("outbound"), v.literal("download"));
export type LinkKind = Infer<typeof linkKind>;
/** Where a link event came from: a page of the site, an outside source, or unknown (direct, or a field that was dropped). */
export const linkFromKind = v.union(v.literal("page"), v.literal("source"), v.literal("none"));
export type LinkFromKind = Infer<typeof linkFromKind>;

export const linkCounts = {
  kind: linkKind,
  /** Start of the day in the site's time zone. */
  day: v.number(),
  /** The missing path, the outbound URL (origin and path) or the file's path. */
  key: v.string(),
  /** The outbound URL's host; the file or missing path's extension-less group otherwise. */
  host: v.string(),
  from: v.string(),
  fromKind: linkFromKind,
  count: v.number(),
};

/**
 * One link event with its visit's context, so the panels can follow every
 * filter: `path` is where it happened (the missing path, or the page a link
 * was clicked on; "" when unknown), `visitor` the session id's 32-bit hash
 * (never the id). Events from before these were stored exist only in linkDays.
 */
export const linkEventFields = {
  kind: linkKind,
  key: v.string(),
  host: v.string(),
  from: v.string(),
  fromKind: linkFromKind,
  path: v.string(),
  timestamp: v.number(),
  visitor: v.optional(v.number()),
  ...eventDimensionFields,
};

export const linkFrom = v.object({
  from: v.string(),
  fromKind: linkFromKind,
  /** Title of the `from` page, when it is a post or page of the site. */
  fromTitle: v.optional(v.string()),
  count: v.number(),
});
export const linkRow = v.object({
  /** The grouped value: the key, or the host when grouped by host. */
  value: v.string(),
  host: v.string(),
  count: v.number(),
  visitors: v.number(),
  /** Where the events came from, most first (at most MAX_LINK_FROMS). */
  froms: v.array(linkFrom),
  /** The missing path is a post or page now (it was missing when these were counted). */
  nowExists: v.optional(v.boolean()),
});
export type LinkRow = Infer<typeof linkRow>;

export const linkReport = v.object({
  rows: v.array(linkRow),
  /** More rollup documents in the range than one query reads: the oldest are left out. */
  truncated: v.boolean(),
  /** Some visitor figure stopped growing at the per-day cap. */
  visitorsApproximate: v.boolean(),
  /** Filtered, past MAX_FILTERED_LINK_EVENTS: the rows count the latest `events` matching events, from `from` on. */
  sample: v.optional(v.object({ events: v.number(), from: v.number() })),
  /** Filtered, and the range holds events from before events kept their visit's context (this time): those are left out. */
  contextFrom: v.optional(v.number()),
});
export type LinkReport = Infer<typeof linkReport>;

export const goalKind = v.union(v.literal("visit"), v.literal("outbound"), v.literal("download"));
export const goalFigure = v.object({
  id: v.string(),
  name: v.string(),
  kind: goalKind,
  /** What the goal matches: a path or pattern, a host, a file pattern. */
  target: v.string(),
  visitors: v.number(),
  conversions: v.number(),
  /** visitors / the range's visitors, 0..1; null when the range has none. */
  rate: v.union(v.number(), v.null()),
  approximate: v.boolean(),
});
export const goalReport = v.object({ visitors: v.number(), goals: v.array(goalFigure) });
export type GoalReport = Infer<typeof goalReport>;

// ---------------------------------------------------------------------------
// Writer insights (issue 20): site search terms and feed subscribers. Stored in
// aggregate per day (convex/searchStats.ts, convex/feedStats.ts).

export const feedName = v.union(v.literal("rss"), v.literal("rssFull"));
export type FeedName = Infer<typeof feedName>;

/** A term's searches over a range; `results` is what its latest search found. */
export const searchTermRow = v.object({
  term: v.string(),
  searches: v.number(),
  /** Searches of this term that found nothing. */
  zeroResults: v.number(),
  results: v.number(),
  /** Results opened after searching it. */
  opens: v.number(),
  /** The result opened most often, by slug. */
  topOpened: v.union(v.string(), v.null()),
});
export type SearchTermRow = Infer<typeof searchTermRow>;

export const searchTerms = v.object({
  /** Terms with searches that found nothing first, then by searches. */
  rows: v.array(searchTermRow),
  /** Past MAX_INSIGHT_DOCS documents: the rows count only the latest days, from `from` on, read from `docs` documents. */
  sample: v.optional(v.object({ docs: v.number(), from: v.number() })),
  /** Under filters, when the range has searches from before they kept their visit (this day): those are left out. */
  contextFrom: v.optional(v.number()),
});
export type SearchTerms = Infer<typeof searchTerms>;

/**
 * The searcher's visit as a search is counted under it ("" = unknown): the
 * page searched on (`path`) and the visit's attributes, named as views name them.
 */
export const searchVisitFields = {
  path: v.string(),
  entryPath: v.string(),
  source: v.string(),
  channel: v.string(),
  referrerHost: v.string(),
  utmSource: v.string(),
  utmMedium: v.string(),
  utmCampaign: v.string(),
  device: v.string(),
  browser: v.string(),
  os: v.string(),
  country: v.string(),
};
export const searchVisit = v.object(searchVisitFields);
export type SearchVisit = Infer<typeof searchVisit>;

/**
 * A term's searches on a day from visits with one same set of attributes:
 * aggregate, never per search, and no session id. `visit` is the set as one
 * string, so a search finds its document with one exact lookup.
 */
export const searchTermVisitFields = {
  day: v.number(),
  term: v.string(),
  visit: v.string(),
  ...searchVisitFields,
  searches: v.number(),
  zeroResults: v.number(),
  /** Results the latest search of the term from such a visit found. */
  results: v.number(),
  opens: v.number(),
};

export const feedSubscriberRow = v.object({
  /** A known aggregator's name (feedStats.agents.ts). */
  aggregator: v.string(),
  feed: feedName,
  /** The latest count it reported in the range. */
  subscribers: v.number(),
  /** The day (start, site time zone) of that report, and that day as YYYY-MM-DD there. */
  day: v.number(),
  date: v.string(),
});

export const feedSubscribers = v.object({
  rows: v.array(feedSubscriberRow),
  total: v.number(),
  /** Fetches of both feeds by anyone, per day with fetches, oldest first. */
  days: v.array(v.object({ day: v.number(), date: v.string(), fetches: v.number() })),
  /** More fetch documents in the range than one read takes: only the days from this one on are counted. */
  countedFrom: v.optional(v.number()),
});
export type FeedSubscribers = Infer<typeof feedSubscribers>;

/** One view in the realtime list: what it was and where it came from, nothing that tells who. */
export const realtimeView = v.object({
  id: v.id("pageViews"),
  timestamp: v.number(),
  path: v.string(),
  /** The post's or page's title; null for a path with none (a tag page, a missing page). */
  title: v.union(v.string(), v.null()),
  /** The named source; null = Direct. */
  source: v.union(v.string(), v.null()),
  country: v.union(v.string(), v.null()),
  device: v.union(device, v.null()),
});
export type RealtimeView = Infer<typeof realtimeView>;

export const realtimeMinute = v.object({ start: v.number(), visitors: v.number(), views: v.number() });
export type RealtimeMinute = Infer<typeof realtimeMinute>;

/** `realtime.lastMinutes`: the views since `since`, per minute, and the newest few. */
export const realtimeAnswer = v.object({
  /** Minutes that had views, oldest first; a minute before `from` is not counted. */
  minutes: v.array(realtimeMinute),
  /** Distinct visitors over the counted minutes. */
  visitors: v.number(),
  views: v.number(),
  /** Newest first. */
  latest: v.array(realtimeView),
  /** Where counting starts: `since`, or a later minute when the read cap was reached. */
  from: v.number(),
  truncated: v.boolean(),
});
export type RealtimeAnswer = Infer<typeof realtimeAnswer>;
