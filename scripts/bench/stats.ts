// Stats benchmark: documents read and written per call at 1k, 10k and 100k
// views, and whether calls from different sessions ever write one document.
//
// Runs the real Convex functions on convex-test in plain Node (tsx), with
// Convex's transaction limits enforced. Counts come from the transaction's own
// metrics (ctx.meta.getTransactionMetrics), the counters those limits apply to;
// written ids come from a recording proxy around ctx.db. See prds/stats.md.
import { convexTest } from "convex-test";
import { heartbeat, leave } from "../../convex/presence";
import schema from "../../convex/schema";
import { getStats, recordPageView, rollupPageViews } from "../../convex/stats";
import { ROLLUP_BATCH } from "../../convex/stats.rollup";
import {
  measureMutation,
  measureQuery,
  page,
  post,
  seedContent,
  seedViews,
  sessionId,
  type SeedView,
  type StatsTest,
  type Usage,
} from "../../convex/stats.fixtures";
import type { PageType, Stats } from "../../convex/validators";
import { convexModules } from "./convexModules";

const SIZES = [1_000, 10_000, 100_000];
const PATHS = 200;
const POSTS = 50;
const PAGES = 10;
const ACTIVE_SESSIONS = 100;
const VIEWS_PER_SESSION = 5; // 20% of views come from a new session
/** Views seeded between two scheduled rollups, as the minute cron would see them. */
const SEED_CHUNK = 10_000;
const GET_STATS_LIMIT = 1_000;

// 62 paths are pages of the site today; the other 138 belong to content that
// has since been removed, whose views the stats keep.
const sitePaths: [string, PageType][] = [
  ["/", "home"],
  ["/stats", "stats"],
  ...Array.from({ length: POSTS }, (_, i): [string, PageType] => [`/post-${i}`, "blog"]),
  ...Array.from({ length: PAGES }, (_, i): [string, PageType] => [`/page-${i}`, "page"]),
];
const allPaths: [string, PageType][] = [
  ...sitePaths,
  ...Array.from({ length: PATHS - sitePaths.length }, (_, i): [string, PageType] => [`/old-post-${i}`, "blog"]),
];

/** A skewed but deterministic pick: a few paths get most views, as on a real blog. */
function pathOfView(i: number): [string, PageType] {
  const r = ((i * 2_654_435_761) % 4_294_967_296) / 4_294_967_296;
  return allPaths[Math.floor(r * r * allPaths.length)]!;
}

function seededView(i: number, now: number): SeedView {
  const [path, pageType] = pathOfView(i);
  return {
    path,
    pageType,
    sessionId: sessionId(Math.floor(i / VIEWS_PER_SESSION)),
    timestamp: now - 30 * 24 * 3_600_000 + i * 1_000,
    newVisitor: i % VIEWS_PER_SESSION === 0,
  };
}

async function catchUpRollup(t: StatsTest): Promise<Usage> {
  const { usage } = await measureMutation<Record<string, never>, null>(t, rollupPageViews, {});
  // Real timers: the rescheduled runs fire on the event loop.
  await t.finishAllScheduledFunctions(() => {}, 1_000);
  return usage;
}

type Row = { views: number; fn: string; scenario: string; usage: Usage };
const rows: Row[] = [];
const fmt = (n: number) => (Number.isNaN(n) ? "over limit" : n.toLocaleString("en-US"));

function printRow(row: Row) {
  const { documentsRead, documentsWritten, indexRanges } = row.usage;
  console.log(
    `${fmt(row.views).padStart(8)}  ${row.fn.padEnd(18)} ${row.scenario.padEnd(34)} ${fmt(documentsRead).padStart(10)} ${fmt(documentsWritten).padStart(13)} ${fmt(indexRanges).padStart(13)}`,
  );
}

async function main() {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1_000).toFixed(1)} s`;
  const t: StatsTest = convexTest({ schema, modules: convexModules(), transactionLimits: true });
  const now = Date.now();

  await seedContent(t, {
    posts: Array.from({ length: POSTS }, (_, i) => post(`post-${i}`, `Post ${i}`)),
    pages: Array.from({ length: PAGES }, (_, i) => page(`page-${i}`, `Page ${i}`)),
  });
  // Present readers, with deadlines far enough ahead that the expiry job
  // (on convex-test's real timers) drops none of them during the run.
  await t.run(async (ctx) => {
    for (let i = 0; i < ACTIVE_SESSIONS; i++) {
      const id = sessionId(10_000_000 + i);
      await ctx.db.insert("presence", { sessionId: id, path: sitePaths[i % sitePaths.length]![0] });
      await ctx.db.insert("presenceDeadlines", { sessionId: id, deadline: now + 24 * 3_600_000 });
    }
  });

  console.log("Stats benchmark (convex-test with Convex's transaction limits, plain Node)");
  console.log(
    `${PATHS} paths (${sitePaths.length} site pages), ${POSTS} posts, ${PAGES} pages, ` +
      `${100 / VIEWS_PER_SESSION}% unique sessions, ${ACTIVE_SESSIONS} active sessions\n`,
  );

  let seeded = 0;
  let maxRollup: Usage | null = null;
  for (const size of SIZES) {
    while (seeded < size) {
      const upTo = Math.min(size, seeded + SEED_CHUNK);
      const views = Array.from({ length: upTo - seeded }, (_, k) => seededView(seeded + k, now));
      // Recorded views are one per commit; half a rollup batch keeps seeding
      // fast and each commit smaller than a batch, so the rollup works as in production.
      await seedViews(t, views, ROLLUP_BATCH / 2);
      seeded = upTo;
      const rollup = await catchUpRollup(t);
      if (maxRollup === null || rollup.documentsRead > maxRollup.documentsRead) maxRollup = rollup;
      console.error(`  seeded and folded ${fmt(seeded)} views (${elapsed()})`);
    }
    await measureStage(t, size);
  }

  console.log(
    `\n${"views".padStart(8)}  ${"function".padEnd(18)} ${"case".padEnd(34)} ${"docs read".padStart(10)} ${"docs written".padStart(13)} ${"index ranges".padStart(13)}`,
  );
  for (const row of rows) printRow(row);

  const flat = rows.filter((r) => r.fn === "getStats").map((r) => r.usage.documentsRead);
  console.log(
    `\ngetStats documents read at ${SIZES.map(fmt).join(" / ")} views: ${flat.map(fmt).join(" / ")} ` +
      `(${new Set(flat).size === 1 ? "flat" : "NOT flat"}, limit ${fmt(GET_STATS_LIMIT)}: ` +
      `${Math.max(...flat) <= GET_STATS_LIMIT ? "ok" : "EXCEEDED"})`,
  );
  if (maxRollup !== null) {
    console.log(
      `largest measured rollup run (the first of each catch-up): ${fmt(maxRollup.documentsRead)} documents read, ` +
        `${fmt(maxRollup.documentsWritten)} written`,
    );
  }

  await sharedWrites(now);
  console.log(`\ndone in ${elapsed()}`);
}

/** Views and visitors the measured calls themselves recorded, on top of the seeded ones. */
const recorded = { views: 0, visitors: 0 };

async function measureStage(t: StatsTest, size: number) {
  const stats = await measureQuery<Record<string, never>, Stats>(t, getStats, {});
  const expected = { views: size + recorded.views, visitors: size / VIEWS_PER_SESSION + recorded.visitors };
  const got = { views: stats.result.totalPageViews, visitors: stats.result.uniqueVisitors };
  if (got.views !== expected.views || got.visitors !== expected.visitors) {
    throw new Error(`getStats is not exact: ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  }
  rows.push({ views: size, fn: "getStats", scenario: "after the rollup caught up", usage: stats.usage });

  // Fresh session ids per stage so each case starts from the same state.
  const visitor = sessionId(20_000_000 + size);
  const mutations: [string, string, unknown, unknown][] = [
    ["recordPageView", "new visitor, post", recordPageView, { path: "/post-7", pageType: "blog", sessionId: visitor }],
    ["recordPageView", "same session, page", recordPageView, { path: "/page-1", pageType: "blog", sessionId: visitor }],
    ["recordPageView", "repeat within 30 min (deduped)", recordPageView, { path: "/post-7", pageType: "blog", sessionId: visitor }],
    ["recordPageView", "a path with no page (notFound)", recordPageView, { path: "/wp-login.php", pageType: "blog", sessionId: visitor }],
    ["heartbeat", "join", heartbeat, { sessionId: visitor, path: "/post-7" }],
    ["heartbeat", "same path within 10 s (skipped)", heartbeat, { sessionId: visitor, path: "/post-7" }],
    ["heartbeat", "path change", heartbeat, { sessionId: visitor, path: "/" }],
    ["leave", "present", leave, { sessionId: visitor }],
    ["leave", "not present (nothing written)", leave, { sessionId: visitor }],
  ];
  for (const [fn, scenario, registered, args] of mutations) {
    const { usage } = await measureMutation<unknown, null>(t, registered, args);
    rows.push({ views: size, fn, scenario, usage });
  }
  // The post, the page and the notFound path: every well-formed path counts (issue 17).
  recorded.views += 3;
  recorded.visitors += 1;
  rows.push({ views: size, fn: "reference getStats", scenario: "reads every view (contrast)", usage: await referenceGetStats(t) });
}

/** What the reference design's getStats reads: every view, then the rest. */
async function referenceGetStats(t: StatsTest): Promise<Usage> {
  try {
    return await t.query(async (ctx) => {
      await ctx.db.query("pageViews").collect();
      await ctx.db.query("presence").collect();
      await ctx.db.query("posts").collect();
      await ctx.db.query("pages").collect();
      const metrics = await ctx.meta.getTransactionMetrics();
      return {
        documentsRead: metrics.documentsRead.used,
        documentsWritten: 0,
        indexRanges: metrics.databaseQueries.used,
        bytesRead: metrics.bytesRead.used,
        bytesWritten: 0,
        writtenIds: [],
      };
    });
  } catch (error) {
    if (!String(error).includes("too many documents")) throw error;
    return { documentsRead: Number.NaN, documentsWritten: 0, indexRanges: Number.NaN, bytesRead: Number.NaN, bytesWritten: 0, writtenIds: [] };
  }
}

/**
 * Many sessions browsing the same pages at once, with the rollup running
 * between them: for every document written, which sessions' calls wrote it.
 */
async function sharedWrites(now: number) {
  const t: StatsTest = convexTest({ schema, modules: convexModules(), transactionLimits: true });
  await seedContent(t, {
    posts: Array.from({ length: POSTS }, (_, i) => post(`post-${i}`, `Post ${i}`)),
    pages: Array.from({ length: PAGES }, (_, i) => page(`page-${i}`, `Page ${i}`)),
  });
  await seedViews(t, Array.from({ length: 1_000 }, (_, i) => seededView(i, now)));
  const writers = new Map<string, Set<string>>();
  const sessions = 200;
  let calls = 0;
  for (let round = 0; round < 4; round++) {
    for (let s = 0; s < sessions; s++) {
      const session = sessionId(30_000_000 + s);
      // Everyone reads the same few pages, the worst case for a shared counter.
      const path = sitePaths[(s + round) % 4]![0];
      for (const [fn, args] of [
        [recordPageView, { path, pageType: "blog", sessionId: session }],
        [heartbeat, { sessionId: session, path }],
      ] as const) {
        const { usage } = await measureMutation<unknown, null>(t, fn, args);
        calls += 1;
        for (const id of usage.writtenIds) writers.set(id, (writers.get(id) ?? new Set()).add(session));
      }
    }
    await catchUpRollup(t);
  }
  const most = Math.max(0, ...[...writers.values()].map((w) => w.size));
  console.log(
    `\nshared writes: ${fmt(calls)} calls from ${sessions} sessions on 4 pages (rollup between rounds) wrote ` +
      `${fmt(writers.size)} documents; most different sessions that wrote one document: ${most}`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // Expiry jobs armed by the measured joins sit on real timers: do not wait for them.
  .finally(() => process.exit());
