import { makePage, makePost } from "./content.fixtures";
import type { Page, Post } from "./validators";

// A small blog for search tests and the query set: 34 published posts, two
// pages, a draft and a scheduled post. Bodies are HTML as the renderer writes
// it: a heading sits in a wrapper with its "#" link after it.

type Section = [heading: string, ...paragraphs: string[]];

function html(sections: Section[]): string {
  return sections
    .map(([heading, ...paragraphs]) => {
      const id = heading.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      const head = `<div class="heading"><h2 id="${id}">${heading}</h2><a class="heading-anchor" aria-label="Link to section: ${heading}" href="#${id}">#</a></div>`;
      return head + paragraphs.map((p) => `<p>${p}</p>`).join("\n");
    })
    .join("\n");
}

function post(slug: string, date: string, title: string, description: string, tags: string[], sections: Section[]): Post {
  const body = html(sections);
  return makePost(slug, { title, description, date, tags, html: body, content: body, contentHash: `h-${slug}` });
}

export const searchPosts: Post[] = [
  post("caching-static-assets", "2025-01-04", "Caching static assets at the edge", "Long-lived headers for files whose names change with their content.", ["performance", "http"], [
    ["Why it matters", "A repeat visitor should download nothing twice. Hashed file names make that safe."],
    ["Headers", "Send Cache-Control: public, max-age=31536000, immutable for hashed files. The HTML itself gets a short lifetime."],
  ]),
  post("debouncing-search-input", "2025-01-11", "Debouncing a search box", "Wait for a pause in typing before asking the server.", ["javascript", "ui"], [
    ["The timer", "Each keystroke restarts a timer of 150 ms. Only when it fires does the request go out."],
    ["Trade-offs", "Too long feels sluggish; too short floods the backend with requests."],
  ]),
  post("how-the-live-stats-work", "2025-01-18", "How the live stats work", "Page views, visitors and a rollup that never double counts.", ["analytics", "convex"], [
    ["Recording a view", "Every page view is one insert. Nothing shared is written on the hot path."],
    ["The rollup", "A cron folds new views into daily totals, moving a watermark forward so no view is counted twice."],
  ]),
  post("typescript-strict-mode", "2025-01-25", "Living with TypeScript strict mode", "What the compiler catches once strict is on.", ["typescript"], [
    ["Null checks", "With strictNullChecks, a value that may be undefined must be checked before use."],
    ["Implicit any", "noImplicitAny makes every untyped parameter an error, which finds forgotten types."],
  ]),
  post("accessible-dialogs", "2025-02-01", "Building an accessible modal dialog", "Focus, labels and escape: a dialog that works without a mouse.", ["accessibility", "ui"], [
    ["Focus", "Move focus into the dialog when it opens, keep it there with a focus trap, and return it when it closes."],
    ["Labels", "Give the dialog a name and set aria-modal so screen readers ignore the page behind it."],
  ]),
  post("color-contrast", "2025-02-08", "Picking colours with enough contrast", "Checking text against its background, in every theme.", ["accessibility", "design"], [
    ["The ratio", "WCAG asks for a contrast ratio of 4.5 to 1 for body text and 3 to 1 for large text."],
    ["Themes", "Every theme gets checked, the dark one included, since muted greys fail first."],
  ]),
  post("web-fonts-typography", "2025-02-15", "Web fonts without layout shift", "Loading a custom font without the page jumping.", ["typography", "performance"], [
    ["Fallback metrics", "A fallback face with size-adjust matches the web font's width, so swapping causes no shift."],
    ["Preloading", "Preload the one weight above the fold and let the others arrive later."],
  ]),
  post("vertical-rhythm", "2025-02-22", "Vertical rhythm in long-form text", "Typography for reading: line height, measure and spacing.", ["typography", "css"], [
    ["Line height", "Body text reads best with a line height near 1.6 and a measure of about 65 characters."],
    ["Spacing", "Space between paragraphs should be a multiple of the line height, so the page keeps a steady beat."],
  ]),
  post("cpp-move-semantics", "2025-03-01", "Move semantics in C++", "Rvalue references and when a copy becomes a move.", ["cpp"], [
    ["Rvalues", "In C++ an rvalue reference binds to a temporary, so its resources can be stolen instead of copied."],
    ["std::move", "Calling std::move is only a cast; the move constructor does the actual work."],
  ]),
  post("c-pointers", "2025-03-08", "Pointers in plain C", "Addresses, arrays and the memory you must free yourself.", ["c-lang"], [
    ["Addresses", "A pointer holds an address; arrays decay to pointers when passed to a function."],
    ["Memory", "Every malloc needs exactly one free, or the program leaks."],
  ]),
  post("rust-ownership", "2025-03-15", "Ownership and borrowing in Rust", "How the borrow checker keeps memory safe without a garbage collector.", ["rust"], [
    ["Ownership", "Each value has one owner, and the value is dropped when the owner goes out of scope."],
    ["Borrowing", "References borrow a value; the compiler checks lifetimes so no reference outlives its data."],
  ]),
  post("sqlite-wal", "2025-03-22", "SQLite write-ahead logging", "Readers and a writer at the same time, on one file.", ["databases"], [
    ["The log", "Writes append to a separate log file, so readers keep seeing a consistent snapshot."],
    ["Checkpoints", "A checkpoint copies the log back into the database file once it grows too large."],
  ]),
  post("postgres-indexes", "2025-03-29", "Choosing Postgres indexes", "B-tree, GIN and partial indexes, and when each one pays off.", ["databases", "performance"], [
    ["B-tree first", "Most lookups by equality or range want a plain B-tree index."],
    ["Partial indexes", "An index with a WHERE clause stays small when queries only touch recent rows."],
  ]),
  post("convex-scheduling", "2025-04-05", "Scheduling functions in Convex", "Running a mutation later, once or on a cron.", ["convex"], [
    ["runAfter", "The scheduler runs a function after a delay, and the job survives a restart."],
    ["Crons", "Recurring work goes in a cron table, which the deployment runs on its own."],
  ]),
  post("markdown-pipeline", "2025-04-12", "A markdown pipeline with unified", "From markdown text to safe HTML in a few plugins.", ["markdown", "tooling"], [
    ["Parsing", "remark parses the text into a syntax tree, and remark-gfm adds tables and task lists."],
    ["Sanitizing", "rehype-sanitize strips anything a post should not contain before the HTML is stored."],
  ]),
  post("syntax-highlighting", "2025-04-19", "Syntax highlighting without JavaScript", "Colour code blocks at build time and ship only CSS.", ["markdown", "performance"], [
    ["At build time", "The sync highlights each code block once and stores the classes with the HTML."],
    ["In the browser", "Only a small stylesheet maps the classes to colours, in light and dark themes."],
  ]),
  post("dark-mode-themes", "2025-04-26", "Dark mode with CSS custom properties", "One set of variables per theme and a toggle that remembers.", ["css", "design"], [
    ["Variables", "Every colour is a custom property, and each theme sets its own values."],
    ["The toggle", "The first visit follows prefers-color-scheme; a choice on the toggle is remembered."],
  ]),
  post("rss-feeds", "2025-05-03", "Why this blog still has RSS", "Feed readers are the quietest way to follow a site.", ["feeds", "indie-web"], [
    ["Readers", "A feed reader polls the XML and shows new posts without tracking anyone."],
    ["Full text", "A second feed carries each post's whole HTML for reading offline."],
  ]),
  post("sitemaps", "2025-05-10", "Sitemaps and robots.txt", "Telling crawlers what exists and when it changed.", ["seo"], [
    ["The sitemap", "Each URL gets a lastmod date, so crawlers fetch only what changed."],
    ["robots.txt", "Allow everything and point to the sitemap with an absolute URL."],
  ]),
  post("image-optimization", "2025-05-17", "Responsive images and srcset", "Serving each screen an image of the right size.", ["performance", "images"], [
    ["srcset and sizes", "List several widths and let the browser pick, given how wide the image is drawn."],
    ["Formats", "AVIF and WebP save bytes; keep a JPEG for old browsers."],
  ]),
  post("git-bisect", "2025-05-24", "Finding a regression with git bisect", "Halving the history until the bad commit is left.", ["git", "debugging"], [
    ["Good and bad", "Mark one commit good and one bad, and git checks out the middle."],
    ["Automating", "Give bisect a script that exits non-zero on failure and it finds the commit alone."],
  ]),
  post("flaky-tests", "2025-05-31", "Taming flaky tests", "Tests that fail one run in twenty, and how to make them steady.", ["testing"], [
    ["Time", "Fake timers replace real waiting, so a loaded machine cannot change the outcome."],
    ["Order", "Each test sets up its own data and never depends on another having run first."],
  ]),
  post("property-testing", "2025-06-07", "Property-based testing in practice", "Let generated inputs find the cases you did not think of.", ["testing"], [
    ["Generators", "A generator produces random inputs; the property must hold for every one of them."],
    ["Shrinking", "When a property fails, shrinking reduces the input to the smallest failing case."],
  ]),
  post("keyboard-shortcuts", "2025-06-14", "Keyboard shortcuts that don't get in the way", "Slash to search, Ctrl-K anywhere, and never while typing.", ["ui"], [
    ["Which keys", "The slash key opens search unless the reader is typing in a field."],
    ["Discoverable", "Show the shortcut beside the button, and hide it on touch screens."],
  ]),
  post("privacy-analytics", "2025-06-21", "Analytics without cookies", "Counting visits without storing who made them.", ["analytics", "privacy"], [
    ["What is stored", "No IP address and no user agent are stored; a random session id lives in the tab."],
    ["What is shown", "Totals per page and per day, never a trail of one person."],
  ]),
  post("hyperloglog", "2025-06-28", "Counting unique visitors with HyperLogLog", "A few kilobytes estimate millions of distinct ids.", ["analytics", "algorithms"], [
    ["Registers", "Each id is hashed; the longest run of leading zeros per register gives the estimate."],
    ["Error", "With 2,048 registers the standard error is about two percent."],
  ]),
  post("websockets-reconnect", "2025-07-05", "Reconnecting WebSockets gracefully", "Backoff with jitter, and resuming where the stream left off.", ["networking"], [
    ["Backoff", "Wait longer after each failure, with random jitter so clients do not reconnect in a herd."],
    ["Resuming", "Send the last version seen so the server replays only what was missed."],
  ]),
  post("service-workers", "2025-07-12", "Offline reading with a service worker", "Keep the last posts readable on a train.", ["pwa", "performance"], [
    ["Cache storage", "The worker puts each visited post in cache storage and answers from it when offline."],
    ["Updates", "A new worker waits until every tab has closed, unless it skips waiting."],
  ]),
  post("pagination", "2025-07-19", "Paging the home page", "Numbered pages that stay fast with thousands of posts.", ["convex", "ui"], [
    ["Positions", "Each post keeps its position in the list, so page five is one range read."],
    ["Links", "Previous and next links, plus the page numbers nearby."],
  ]),
  post("scheduled-publishing", "2025-07-26", "Publishing a post on a schedule", "Write now, go live at a set hour in the site's time zone.", ["publishing", "convex"], [
    ["publishAt", "A post with a future time is stored hidden, and a job makes it visible on the hour."],
    ["Moving it", "Change the time and sync again: the old job is cancelled."],
  ]),
  post("regex-unicode", "2025-08-02", "Unicode-aware regular expressions", "Letters beyond ASCII with property escapes.", ["javascript"], [
    ["Property escapes", "With the u flag, \\p{L} matches a letter in any alphabet."],
    ["Normalising", "Decompose with NFD and drop combining marks to compare words without accents."],
  ]),
  post("css-grid", "2025-08-09", "Layouts with CSS grid", "Named areas and subgrid for page layouts.", ["css"], [
    ["Areas", "grid-template-areas draws the layout in text, one string per row."],
    ["Subgrid", "A nested grid can line up with its parent's tracks."],
  ]),
  post("state-machines", "2025-08-16", "State machines for UI", "Explicit states and transitions instead of a pile of flags.", ["ui", "javascript"], [
    ["States", "Name each state the screen can be in; impossible combinations of booleans disappear."],
    ["Transitions", "Events move between states, and every transition is listed in one place."],
  ]),
  post("naming-things", "2025-08-23", "Naming things", "Good names make comments unnecessary.", ["writing"], [
    ["Variables", "A name says what the value is, not how it was computed."],
    ["Functions", "Verbs for actions, nouns for values, and no abbreviations a newcomer must guess."],
  ]),
];

export const searchPages: Page[] = [
  makePage("about", { title: "About", html: "<p>This blog is written by one person about the web, databases and tools.</p>", content: "x", contentHash: "h-about" }),
  makePage("projects", { title: "Projects", html: "<p>Things I have built: a markdown blog, a stats dashboard, a feed reader.</p>", content: "x", contentHash: "h-projects" }),
];

/** The scheduled post's publish time: tests sync before it, with the clock faked. */
export const SCHEDULED_AT = Date.UTC(2026, 0, 1);

/** Never searchable: a draft, and a post whose publish time has not come (stored as unpublished). */
export const hiddenPosts: Post[] = [
  { ...post("secret-roadmap", "2025-09-01", "Secret roadmap", "Plans for the zeppelin.", ["plans"], [["Zeppelin", "The zeppelin launches next year."]]), published: false },
  { ...post("northern-lights", "2025-09-08", "Chasing the aurora", "An aurora trip.", ["travel"], [["Aurora", "The aurora borealis, seen from the ferry."]]), publishAt: SCHEDULED_AT },
];
