// Tunables shared by the Convex functions and the browser tracker.

/** The site's identity, for the UI's head tags as well as the feeds. */
export const SITE = {
  name: "markdown-site",
  description: "A markdown blog on Convex with live, privacy-friendly stats.",
  language: "en",
} as const;

/**
 * A post's 1200×630 link-preview PNG, which `npm run sync` writes under
 * public/ and the page head and the edge function point to.
 */
export const ogImagePath = (slug: string) => `/og/${slug}.png`;

/** The same session viewing the same path within this window counts once. */
export const DEDUP_WINDOW_MS = 30 * 60 * 1000;
/** A session with no heartbeat for this long is no longer active. */
export const SESSION_TIMEOUT_MS = 2 * 60 * 1000;
/** A same-path heartbeat this soon after the last one does not move the deadline. */
export const HEARTBEAT_DEDUP_MS = 10 * 1000;
/** How often the visible tab of a browser sends a heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 30 * 1000;
/** The most views one realtime answer reads (newest first); past it the oldest minutes are left out and marked. */
export const REALTIME_MAX_VIEWS = 500;
/** Views the realtime list shows, newest first. */
export const REALTIME_LIST_VIEWS = 5;
/** "N reading now" counts up to this many readers of one page, then shows "N+". */
export const READERS_CAP = 100;
/** The HTTP action a closing tab's beacon reaches (same origin, proxied to Convex). */
export const PRESENCE_LEAVE_PATH = "/presence/leave";
/** The HTTP action a hiding or closing tab's engaged time reaches by beacon (same origin, proxied). */
export const ENGAGEMENT_BEACON_PATH = "/presence/engaged";
/**
 * Engaged time counts while the tab is visible and the reader did something
 * (scroll, key, pointer, touch) within this window; prds/stats.md says why 3 minutes.
 */
export const ENGAGED_IDLE_MS = 3 * 60 * 1000;
/** The most engaged time one view can add up to, however many reports its client sends. */
export const MAX_VIEW_ENGAGED_MS = 60 * 60 * 1000;
/**
 * A page filter's visit duration is the whole visit's engaged time (issue 18).
 * A view first of its path in a visit sums the visit's reports so far, at most
 * this many (past it the sum is a lower bound, see prds/stats-dashboard.md).
 */
export const MAX_VISIT_ENGAGEMENTS = 500;
/** An engagement report lists its visit's paths so far: at most this many, from the visit's first views read. */
export const MAX_VISIT_PATHS = 50;
export const MAX_VISIT_VIEWS_READ = 200;
/** Paths are at most this long. */
export const MAX_PATH_LENGTH = 512;

// Content (posts and pages).

/** A slug is the whole path of its post or page: `/${slug}`. */
export const SLUG_PATTERN = /^[a-z0-9-]+$/;
export const MAX_SLUG_LENGTH = 200;
/**
 * First path segments the site itself uses; a post or page with one of these
 * slugs would be shadowed by the route or would shadow it.
 * (Feed and sitemap paths contain a dot, which no slug can.)
 */
export const RESERVED_SLUGS = ["stats", "api", "assets", "images", "tags", "page", "archive"] as const;
/**
 * Most documents one sync may hold per kind. The sync stages posts in
 * batches (SYNC_BATCH_*) and switches over in one small transaction, so this
 * is bounded by what one reader query lists (the home page, sitemap and API
 * read every published post's row): proven with 5,000 posts of 25 KB
 * markdown, each transaction within Convex's limits (prds/content.md).
 */
export const MAX_SYNC_POSTS = 5000;
/** Old slugs one post can keep (`aliases:`). */
export const MAX_ALIASES_PER_POST = 10;
/**
 * Paths that are no page now looked up, most viewed first, as a renamed
 * post's old slug by one stats or dashboard query (stats.aliases.ts); an old
 * path past it keeps its own row.
 */
export const MAX_ALIAS_LOOKUPS = 200;
export const MAX_SYNC_PAGES = 100;
/**
 * The home page, the sitemap and the API list every published post and page:
 * the lists read rows without bodies, so all a sync can hold fits one query.
 */
export const POSTS_LIST_LIMIT = MAX_SYNC_POSTS;
export const PAGES_LIST_LIMIT = MAX_SYNC_PAGES;

// Tags.

/** A tag is a URL segment too (`/tags/<tag>`): the slug rule, shorter. */
export const MAX_TAG_LENGTH = 40;
export const MAX_TAGS_PER_POST = 10;
/** Different tags a sync may hold: the tags page lists them all in one query. */
export const MAX_TAGS = 2000;
/**
 * Scheduled posts a sync may hold: the switch-over schedules a job for each
 * in one transaction (Convex allows 1,000 scheduled functions per transaction).
 */
export const MAX_SCHEDULED_POSTS = 500;
/**
 * Posts of any of its lists (home, its tags) that may be newer than a
 * scheduled post: publishing it moves those rows one place to make room
 * (the newest goes before the first row and moves none), so its publish job
 * stays one bounded transaction: at most 11 lists × 500 moves.
 */
export const MAX_NEWER_THAN_SCHEDULED = 500;
/**
 * Posts per staging batch, and their bodies' bytes (markdown plus HTML): a
 * batch writes its bodies, about half as much search text and small rows,
 * so it stays well under Convex's 16 MiB written per transaction.
 */
export const SYNC_BATCH_POSTS = 100;
export const SYNC_BATCH_BYTES = 4 * 1024 * 1024;

// Lists of posts (home and tag pages).

/** Posts per page of the home page and of each tag page. */
export const POSTS_PER_PAGE = 20;
/** Pages any list can have. */
export const MAX_LIST_PAGES = Math.ceil(MAX_SYNC_POSTS / POSTS_PER_PAGE);

// Search.

/** Longer queries find nothing (the search box stops at this length). */
export const MAX_SEARCH_QUERY_CHARS = 200;
/** Words of a query that count; the rest are ignored. */
export const MAX_SEARCH_TERMS = 16;
/** Plain text read per post or page; the rest of a very long one is not searchable. */
export const MAX_SEARCH_TEXT_CHARS = 100_000;
/** Longer runs of letters (hashes, URLs) are not words anyone searches for. */
export const MAX_SEARCH_WORD_CHARS = 32;
/**
 * Distinct body words kept per post or page, in order of first use: bounds
 * what the browser downloads and what a sync reads back (see prds/discovery.md).
 */
export const MAX_SEARCH_WORDS = 1_200;
/** Headings text kept per post or page. */
export const MAX_SEARCH_HEADINGS_CHARS = 2_000;
/**
 * `search.index` hands the index out in chunks, in slug order: a chunk stops
 * once its entries hold this much text (one entry is at most ~45 KB), so
 * each query reads a few MiB however big the blog; the browser asks for the
 * next chunk until there is none.
 */
export const SEARCH_CHUNK_BYTES = 4 * 1024 * 1024;
/** Entries per chunk at most, whatever their size. */
export const SEARCH_CHUNK_ENTRIES = 2_000;
/** Words a snippet request may mark. */
export const MAX_SNIPPET_MARKS = 64;
/** Results returned to the browser. */
export const SEARCH_RESULTS_LIMIT = 10;
/** Length of a result's quoted text. */
export const SNIPPET_CHARS = 160;

// The end of a post.

/** Related posts shown under a post. */
export const RELATED_POSTS = 3;
/** Newest posts read per tag when looking for related ones. */
export const RELATED_SCAN_PER_TAG = 50;

// Link events and goals (issue 20; convex/links.ts, convex/goals.ts).

/** Longest outbound URL (origin and path) kept; a longer one keeps its origin only. */
export const MAX_LINK_URL_LENGTH = 300;
/** Distinct visitors kept per link rollup document (2 KiB of hashes); past it the figure is a lower bound. */
export const MAX_LINK_VISITORS = 512;
/** Link rollup documents one query reads for a range; past it the oldest days are left out. */
export const MAX_LINK_DOCS = 2_000;
/** Rows a link panel returns. */
export const MAX_LINK_ROWS = 100;
// The click beacon's path and the file types a same-site link counts as a download for are in links.target.ts:
// the tracker's lazy chunk needs them, and kept here they would ride in the first paint's chunk.
/** Goals a config may define. */
export const MAX_GOALS = 20;
/** Pages a path pattern goal is measured over (each is one cell read per bucket). */
export const MAX_GOAL_PATHS = 12;
/** Origins listed per link row. */
export const MAX_LINK_FROMS = 5;
/** Link events a filtered link panel reads; past it the panel counts the latest ones, marked as a sample. */
export const MAX_FILTERED_LINK_EVENTS = 4_000;

// Writer insights (issue 20): site search terms and feed subscribers, kept per day in aggregate.
/** A search term is stored up to this many characters (after normalizing); longer ones are cut. */
export const MAX_SEARCH_TERM_CHARS = 80;
/** A search's result count is refused above this. */
export const MAX_SEARCH_RESULTS_REPORTED = 1_000;
/** Opened results remembered per term and day; past it, opens still count but name no result. */
export const MAX_OPENED_PER_TERM = 5;
/** Term-day and feed-day documents a panel query reads at most; past it the panel says it is cut. */
export const MAX_INSIGHT_DOCS = 5_000;
/** A subscriber count above this in a user agent is taken as nonsense and ignored. */
export const MAX_REPORTED_SUBSCRIBERS = 10_000_000;

// Dashboard panels (issue 23): a panel shows its first rows, and only those re-run on every view.
/** Rows a dashboard breakdown lists at most (its "Show all" dialog, its CSV). */
export const MAX_BREAKDOWN_ROWS = 100;
/** Rows a panel shows, and what `dashboard.breakdown` answers when no limit is given. */
export const PANEL_ROWS = 8;
