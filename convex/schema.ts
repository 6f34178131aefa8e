import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import {
  bodyFields,
  eventDimensionFields,
  feedName,
  granularity,
  linkCounts,
  linkEventFields,
  searchTermVisitFields,
  pageFields,
  pageType,
  postFields,
  rollupDimension,
  packedBucketRows,
  rollupRow,
  searchDocFields,
  searchEntryFields,
  stagingState,
  visitFields,
} from "./validators";

// Every dimension a filter can pin has an index on both event tables, so a
// filtered dashboard query scans only the events that match.

export default defineSchema({
  // Content tables (posts to tags) hold one set of rows per sync, told
  // apart by `generation`; readers see only the one `contentLive` names, so a
  // sync staged over many transactions appears at once (prds/content.md).
  // Rows without a generation come from before staging, and are live until
  // the first staged sync replaces them.
  posts: defineTable({
    ...postFields,
    generation: v.optional(v.number()),
    /** Published in its file, hidden until publishAt: a job publishes it. */
    scheduled: v.optional(v.boolean()),
  })
    .index("by_generation_and_slug", ["generation", "slug"])
    .index("by_generation_and_published_and_date", ["generation", "published", "date"])
    .index("by_generation_and_scheduled", ["generation", "scheduled"]),

  pages: defineTable({ ...pageFields, generation: v.optional(v.number()) })
    .index("by_generation_and_slug", ["generation", "slug"])
    .index("by_generation_and_published_and_order", ["generation", "published", "order"]),

  // One per post or page, written only by the sync. Kept apart so that
  // listing, counting and resolving titles reads kilobytes, not whole articles.
  bodies: defineTable({
    ownerId: v.union(v.id("posts"), v.id("pages")),
    ...bodyFields,
    generation: v.optional(v.number()),
  })
    .index("by_ownerId", ["ownerId"])
    .index("by_generation", ["generation"]),

  // Legacy: Convex's own search index, which ranks differently in dev and
  // production. Nothing writes it; the stale-generation cleanup empties it.
  // Drop it once every deployment has synced.
  searchDocs: defineTable(searchDocFields)
    .index("by_slug", ["slug"])
    .index("by_ownerId", ["ownerId"])
    .searchIndex("search_text", { searchField: "text", filterFields: ["visible"] }),

  // Written only by the sync, one per post or page: the short fields and
  // distinct words the browser builds its search index from (no body text).
  searchEntries: defineTable({ ...searchEntryFields, generation: v.optional(v.number()) })
    .index("by_generation_and_visible_and_slug", ["generation", "visible", "slug"])
    .index("by_generation_and_slug", ["generation", "slug"])
    .index("by_ownerId", ["ownerId"]),

  // Written only by the sync: every published post's place in each list it
  // is in, newest first: "all" (the home page) and "tag:<tag>" for each of
  // its tags. A page of any list, a post's neighbours and related posts are
  // then a few indexed reads, however many posts there are.
  postLists: defineTable({
    list: v.string(),
    position: v.number(),
    postId: v.id("posts"),
    slug: v.string(),
    date: v.string(),
    generation: v.optional(v.number()),
  })
    .index("by_generation_and_list_and_position", ["generation", "list", "position"])
    .index("by_generation_and_list_and_slug", ["generation", "list", "slug"]),

  // Written only by the sync: each old slug of a post (its `aliases:`) and the
  // post's slug now, so an old URL redirects and its views count as the post's.
  slugAliases: defineTable({ alias: v.string(), slug: v.string(), generation: v.optional(v.number()) })
    .index("by_generation_and_alias", ["generation", "alias"])
    // A post's old slugs, for a dashboard filter on its path (stats.aliases.ts).
    .index("by_generation_and_slug", ["generation", "slug"]),

  // Written only by the sync: each tag of a published post and how many such posts have it.
  tags: defineTable({ tag: v.string(), count: v.number(), generation: v.optional(v.number()) }).index(
    "by_generation_and_tag",
    ["generation", "tag"],
  ),

  // At most one row: the generation of the content tables readers see.
  // Written only when a sync switches over, so staging wakes no reader.
  contentLive: defineTable({ generation: v.number() }),

  // At most one row: the sync being staged, if any, and the last generation
  // handed out. Staging batches write here; no reader reads it.
  contentSync: defineTable({ lastGeneration: v.number(), staging: v.union(v.null(), stagingState) }),

  // Written only by the sync: the pending job that publishes a scheduled
  // post, so a re-sync that moves or drops the post can cancel it.
  publishJobs: defineTable({
    slug: v.string(),
    publishAt: v.number(),
    jobId: v.id("_scheduled_functions"),
  }).index("by_slug", ["slug"]),

  // Insert-only view events: nothing shared is written per view.
  pageViews: defineTable({
    path: v.string(),
    pageType,
    sessionId: v.string(),
    timestamp: v.number(),
    // True on the first view ever recorded for this session id.
    newVisitor: v.boolean(),
    // Commit order, so the rollup's watermark can never skip a late commit.
    commitTs: v.commitTs(),
    // Optional, so deployments with views from before the dashboard upgrade
    // without a migration: those rows count as Direct / unknown.
    ...eventDimensionFields,
    ...visitFields,
  })
    .index("by_sessionId_and_path", ["sessionId", "path"])
    .index("by_commitTs", ["commitTs"])
    .index("by_sessionId_and_timestamp", ["sessionId", "timestamp"])
    .index("by_path_and_timestamp", ["path", "timestamp"])
    .index("by_entryPath_and_timestamp", ["entryPath", "timestamp"])
    .index("by_referrerHost_and_timestamp", ["referrerHost", "timestamp"])
    .index("by_source_and_timestamp", ["source", "timestamp"])
    .index("by_channel_and_timestamp", ["channel", "timestamp"])
    .index("by_utmSource_and_timestamp", ["utmSource", "timestamp"])
    .index("by_utmMedium_and_timestamp", ["utmMedium", "timestamp"])
    .index("by_utmCampaign_and_timestamp", ["utmCampaign", "timestamp"])
    .index("by_device_and_timestamp", ["device", "timestamp"])
    .index("by_browser_and_timestamp", ["browser", "timestamp"])
    .index("by_os_and_timestamp", ["os", "timestamp"])
    .index("by_country_and_timestamp", ["country", "timestamp"]),

  // Insert-only: visible time a session spent on a view, sent when it leaves
  // the page or hides the tab. `timestamp` is the view's, so engagement lands
  // in the same bucket as the view it belongs to.
  engagements: defineTable({
    path: v.string(),
    sessionId: v.string(),
    timestamp: v.number(),
    sentAt: v.number(),
    engagedMs: v.number(),
    visitStart: v.optional(v.number()),
    /** This event is what makes its single-view visit reach 10 s engaged. */
    clearsBounce: v.boolean(),
    /** This event is what makes the view's engaged time reach the post's readTime. */
    completes: v.boolean(),
    /** How much this report raised the view's largest share of the article seen (0..1); the view's reports add up to it. */
    scrollDelta: v.optional(v.number()),
    /** The view's first report with a scroll depth: counts the view once in the average. */
    scrollStarts: v.optional(v.boolean()),
    /** The distinct paths its visit had viewed when this was recorded (its own included): the pages whose cells get its time. */
    visitPaths: v.optional(v.array(v.string())),
    commitTs: v.commitTs(),
    ...eventDimensionFields,
  })
    .index("by_commitTs", ["commitTs"])
    .index("by_sessionId_and_timestamp", ["sessionId", "timestamp"])
    .index("by_path_and_timestamp", ["path", "timestamp"])
    .index("by_entryPath_and_timestamp", ["entryPath", "timestamp"])
    .index("by_referrerHost_and_timestamp", ["referrerHost", "timestamp"])
    .index("by_source_and_timestamp", ["source", "timestamp"])
    .index("by_channel_and_timestamp", ["channel", "timestamp"])
    .index("by_utmSource_and_timestamp", ["utmSource", "timestamp"])
    .index("by_utmMedium_and_timestamp", ["utmMedium", "timestamp"])
    .index("by_utmCampaign_and_timestamp", ["utmCampaign", "timestamp"])
    .index("by_device_and_timestamp", ["device", "timestamp"])
    .index("by_browser_and_timestamp", ["browser", "timestamp"])
    .index("by_os_and_timestamp", ["os", "timestamp"])
    .index("by_country_and_timestamp", ["country", "timestamp"]),

  // Written only by the dashboard rollup: one document per bucket and
  // dimension, holding every value's counts, so a panel reads one document per
  // bucket whatever the number of views or values.
  dashboardRollups: defineTable({
    period: granularity,
    start: v.number(),
    dimension: rollupDimension,
    /** Documents written before issue 23's packing; read as they are, rewritten packed by the next fold. */
    rows: v.optional(v.array(rollupRow)),
    packed: v.optional(packedBucketRows),
    /** Retired (visitor sets moved to dashboardVisitors); no longer written. */
    sketch: v.optional(v.bytes()),
  })
    .index("by_dimension_and_period_and_start", ["dimension", "period", "start"])
    .index("by_period_and_start", ["period", "start"]),

  // Written only by the dashboard rollup: one value's counts in one bucket, for
  // every value (no cap), so a query with one filter reads one small document
  // per bucket. A run patches only the cells its events touched.
  dashboardCells: defineTable({
    dimension: rollupDimension,
    period: granularity,
    start: v.number(),
    ...rollupRow.fields,
  })
    .index("by_dimension_and_value_and_period_and_start", ["dimension", "value", "period", "start"])
    .index("by_period_and_start", ["period", "start"]),

  // Written only by the dashboard rollup: one value's distinct visitors in one
  // bucket (dashboard.hll.ts), apart from the counts so that only the figures
  // that need them read them.
  dashboardVisitors: defineTable({
    dimension: rollupDimension,
    value: v.string(),
    period: granularity,
    start: v.number(),
    hashes: v.optional(v.bytes()),
    registers: v.optional(v.bytes()),
  })
    .index("by_dimension_and_value_and_period_and_start", ["dimension", "value", "period", "start"])
    .index("by_period_and_start", ["period", "start"]),

  // Written only by the dashboard rollup (dashboard.summary.ts): one panel's
  // counts over the closed days of a multi-day range (7 and 30 days before
  // today), merged once, so a re-run reads this and today's bucket instead of
  // every day's.
  dashboardRangeCounts: defineTable({
    dimension: rollupDimension,
    start: v.number(),
    /** Exclusive: the start of the day the summary was built for. */
    end: v.number(),
    // Rows packed (dashboard.summary.ts) to keep a re-run's bytes small: the
    // values, 5 uint32 counts per row, engaged ms as float64, and scroll
    // depth as float64 pairs when a row has it.
    values: v.array(v.string()),
    counts: v.bytes(),
    engaged: v.bytes(),
    scroll: v.optional(v.bytes()),
    /** SUMMARY_FORMAT when built; absent: format 1 (no scroll), read as stale. */
    format: v.optional(v.number()),
    /** The largest views of a row left out (0: every row is here). */
    floor: v.number(),
  })
    .index("by_dimension_and_start_and_end", ["dimension", "start", "end"])
    .index("by_end", ["end"]),

  // One row's distinct visitors over a summary's days (dashboard.hll.ts's
  // stored form), apart from the counts: read only for the rows a panel shows.
  dashboardRangeVisitors: defineTable({
    summaryId: v.id("dashboardRangeCounts"),
    value: v.string(),
    end: v.number(),
    hashes: v.optional(v.bytes()),
    registers: v.optional(v.bytes()),
  })
    .index("by_summaryId_and_value", ["summaryId", "value"])
    .index("by_end", ["end"]),

  // The dashboard rollup's progress: events with commitTs <= a watermark are
  // in dashboardRollups. One row.
  dashboardRollupState: defineTable({
    viewsWatermark: v.union(v.int64(), v.null()),
    engagementsWatermark: v.union(v.int64(), v.null()),
    /** The zone the buckets were cut in. */
    timeZone: v.string(),
    /** Earliest folded view, for the "all" range. */
    firstView: v.union(v.number(), v.null()),
    lastRunAt: v.union(v.number(), v.null()),
    /** While a self-scheduled chain of runs is due, the minute cron leaves it to the chain. */
    chainUntil: v.union(v.number(), v.null()),
    /**
     * Start of the first month whose bucket documents are not complete: live
     * runs leave the current month's to its day documents, and the rollup
     * writes a month's once it has closed. Absent before this was kept.
     */
    openMonth: v.optional(v.number()),
  }),

  // Missing pages, outbound clicks and downloads (convex/links.ts): one
  // document per kind, day, key and origin, counted as events arrive.
  linkDays: defineTable({
    ...linkCounts,
    /** Sorted 32-bit hashes of the visitors' session ids, at most MAX_LINK_VISITORS. */
    hashes: v.optional(v.bytes()),
    /** More visitors came than the hashes hold. */
    visitorsFull: v.boolean(),
  })
    .index("by_kind_and_key_and_from_and_day", ["kind", "key", "from", "day"])
    .index("by_kind_and_day", ["kind", "day"]),

  // One document per link event with its visit's context (validators.ts):
  // what a filtered link panel reads, through its first filter's index.
  linkEvents: defineTable(linkEventFields)
    .index("by_kind_and_timestamp", ["kind", "timestamp"])
    .index("by_kind_and_path_and_timestamp", ["kind", "path", "timestamp"])
    .index("by_kind_and_entryPath_and_timestamp", ["kind", "entryPath", "timestamp"])
    .index("by_kind_and_referrerHost_and_timestamp", ["kind", "referrerHost", "timestamp"])
    .index("by_kind_and_source_and_timestamp", ["kind", "source", "timestamp"])
    .index("by_kind_and_channel_and_timestamp", ["kind", "channel", "timestamp"])
    .index("by_kind_and_utmSource_and_timestamp", ["kind", "utmSource", "timestamp"])
    .index("by_kind_and_utmMedium_and_timestamp", ["kind", "utmMedium", "timestamp"])
    .index("by_kind_and_utmCampaign_and_timestamp", ["kind", "utmCampaign", "timestamp"])
    .index("by_kind_and_device_and_timestamp", ["kind", "device", "timestamp"])
    .index("by_kind_and_browser_and_timestamp", ["kind", "browser", "timestamp"])
    .index("by_kind_and_os_and_timestamp", ["kind", "os", "timestamp"])
    .index("by_kind_and_country_and_timestamp", ["kind", "country", "timestamp"]),

  // When each post was first seen published by the sync: the chart's markers.
  publications: defineTable({
    slug: v.string(),
    title: v.string(),
    firstPublishedAt: v.number(),
  })
    .index("by_slug", ["slug"])
    .index("by_firstPublishedAt", ["firstPublishedAt"]),

  // Written only by the rollup job: views with commitTs <= watermark are
  // folded into these totals, so getStats never rereads old views.
  pageViewTotals: defineTable({
    watermark: v.int64(),
    totalPageViews: v.number(),
    uniqueVisitors: v.number(),
    trackingSince: v.union(v.number(), v.null()),
  }),

  pathViewTotals: defineTable({
    path: v.string(),
    // The type when last folded, for paths whose content is gone.
    pageType,
    views: v.number(),
  })
    .index("by_path", ["path"])
    .index("by_views", ["views"]),

  // Writer insights (issue 20), kept in aggregate only: nothing names a reader,
  // a request or a user agent. `day` is the day's start in the site's time zone.
  // One document per normalized search term and day.
  searchTerms: defineTable({
    term: v.string(),
    day: v.number(),
    searches: v.number(),
    zeroResults: v.number(),
    /** Results the latest search of the term found. */
    results: v.number(),
    opens: v.number(),
    /** Up to MAX_OPENED_PER_TERM opened results and how often each was opened. */
    opened: v.array(v.object({ slug: v.string(), count: v.number() })),
  }).index("by_day_and_term", ["day", "term"]),

  // The same counts per day, term and the searcher's whole visit, so the
  // Searches panel follows every filter (searchStats.context.ts): one exact
  // lookup per search, and one index per filter field to read a filter by.
  searchTermVisits: defineTable(searchTermVisitFields)
    .index("by_day_and_term_and_visit", ["day", "term", "visit"])
    .index("by_path_and_day", ["path", "day"])
    .index("by_entryPath_and_day", ["entryPath", "day"])
    .index("by_source_and_day", ["source", "day"])
    .index("by_channel_and_day", ["channel", "day"])
    .index("by_referrerHost_and_day", ["referrerHost", "day"])
    .index("by_utmSource_and_day", ["utmSource", "day"])
    .index("by_utmMedium_and_day", ["utmMedium", "day"])
    .index("by_utmCampaign_and_day", ["utmCampaign", "day"])
    .index("by_device_and_day", ["device", "day"])
    .index("by_browser_and_day", ["browser", "day"])
    .index("by_os_and_day", ["os", "day"])
    .index("by_country_and_day", ["country", "day"]),

  // One document per feed, aggregator ("" for any other fetcher) and day: however
  // often a feed is fetched, a day adds at most one document per aggregator.
  feedFetches: defineTable({
    feed: feedName,
    aggregator: v.string(),
    day: v.number(),
    fetches: v.number(),
    /** The latest subscriber count the aggregator reported that day, if any. */
    subscribers: v.union(v.number(), v.null()),
  })
    .index("by_feed_and_aggregator_and_day", ["feed", "aggregator", "day"])
    .index("by_day", ["day"]),

  // Presence is split in two, so that what the live queries read changes only
  // when a reader joins, leaves or moves to another page (prds/stats.md).
  // One row per present browser: getStats and presence.readers read these.
  presence: defineTable({
    sessionId: v.string(),
    path: v.string(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_path", ["path"]),

  // How many browsers are on each path now, kept by joins, moves and leaves,
  // so "N reading now" reads one document and "Active Now" one per path with
  // readers, whatever the number of readers.
  presenceCounts: defineTable({
    path: v.string(),
    count: v.number(),
  }).index("by_path", ["path"]),

  // When each present browser expires unless it heartbeats again. Heartbeats
  // write here; no query a page subscribes to reads this table.
  presenceDeadlines: defineTable({
    sessionId: v.string(),
    deadline: v.number(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_deadline", ["deadline"]),

  // At most one row: when the expiry job is due. Read only when a reader joins.
  presenceExpiry: defineTable({
    armedFor: v.number(),
  }),

  // Retired: replaced by the presence tables and no longer written. Kept so a
  // deployment that still holds rows validates; the cleanup cron empties it.
  activeSessions: defineTable({
    sessionId: v.string(),
    currentPath: v.string(),
    lastSeen: v.number(),
  }).index("by_lastSeen", ["lastSeen"]),
});
