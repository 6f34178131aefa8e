// Dashboard benchmark: documents each panel and the chart read at 10k and
// 100k views (they must be equal), the visitor sketch's error at 100k
// visitors, and what a rollup run costs.
//
// Runs the real Convex functions on convex-test in plain Node (tsx), with
// Convex's transaction limits on; counts come from the transaction's own
// metrics. The data: a year of views over 500 paths, 300 sources and 60
// countries. See prds/stats.md.
import { convexTest } from "convex-test";
import { randomUUID } from "node:crypto";
import { breakdown, rollup, series, summary } from "../../convex/dashboard";
import type { Doc } from "../../convex/_generated/dataModel";
import { seedNewViews, syntheticViews } from "../../convex/dashboard.fixtures";
import { Fold, foldViewOf, markerVisitors, zoneBucketings } from "../../convex/dashboard.fold";
import { addToSketch, emptySketch, estimate, mergeInto, sketchToBytes } from "../../convex/dashboard.hll";
import { HOUR_RETENTION_MS, mergeRows, VIEW_BATCH } from "../../convex/dashboard.rollup";
import schema from "../../convex/schema";
import { measureMutation, measureQuery, post, seedContent, type StatsTest, type Usage } from "../../convex/stats.fixtures";
import type { StatsDimension, StatsFilter, StatsRange } from "../../convex/validators";
import { internal } from "../../convex/_generated/api";
import { convexModules } from "./convexModules";

const SIZES = [10_000, 100_000];
const SHAPE = { days: 365, paths: 500, sources: 300, countries: 60 };
const LIMIT = 5_000;
const RANGES: StatsRange[] = ["today", "yesterday", "24h", "7d", "30d", "month", "12mo", "all"];
const DIMENSIONS: StatsDimension[] = ["page", "entry", "exit", "source", "utmSource", "utmMedium", "utmCampaign", "device", "browser", "os", "country"];
const fmt = (n: number) => n.toLocaleString("en-US");

type Reads = Map<string, number>;

async function measureSize(size: number): Promise<{ reads: Reads; firstRun: Usage; liveRun: Usage; filtered: Reads }> {
  const now = Date.now();
  const t: StatsTest = convexTest({ schema, modules: convexModules(), transactionLimits: true });
  await seedContent(t, { posts: Array.from({ length: 50 }, (_, i) => post(`p-${i}`, `Post ${i}`)) });
  // The last two days get the same 1,000 views at both sizes, so every hour
  // has a bucket and the hourly ranges compare like with like.
  const recent = syntheticViews({ views: 1_000, days: 2.2, paths: 50, sources: 20, countries: 10, now: now - 3_600_000, seed: 13 }).map((v) => ({
    ...v,
    sessionId: v.sessionId.replace(/^0{8}/, "22222222"),
  }));
  const views = [...syntheticViews({ views: size - recent.length, ...SHAPE, now: now - 3 * 86_400_000, seed: 5 }), ...recent];
  // Commits smaller than a batch, as recorded views are, so the first run reads one batch.
  await seedNewViews(t, views, VIEW_BATCH / 2, (done) => console.error(`  ${fmt(size)}: seeded ${fmt(done)}`));

  // The first backfill run is measured with the real mutation. The rest of the
  // backfill (hundreds of runs at 100k, slow under convex-test, which scans a whole
  // table per index query) is done with the rollup's own fold in one pass.
  const { usage: firstRun } = await measureMutation(t, rollup, {});
  await foldInOnePass(t, views, now);
  console.error(`  ${fmt(size)}: folded`);

  // A live run: 200 new views in the current hour, as the minute cron would find them.
  const fresh = syntheticViews({ views: 200, days: 1 / 24, paths: 50, sources: 10, countries: 5, now: now - 60_000, seed: 9 }).map((v) => ({
    ...v,
    sessionId: v.sessionId.replace(/^0{8}/, "11111111"),
  }));
  await seedNewViews(t, fresh, 1);
  const { usage: liveRun } = await measureMutation(t, rollup, { chain: true });
  await foldAll(t);

  const anchor = now - (now % 3_600_000);
  const reads: Reads = new Map();
  const filtered: Reads = new Map();
  for (const range of RANGES) {
    const base = { range, anchor, filters: [] as StatsFilter[] };
    reads.set(`summary|${range}`, (await measureQuery(t, summary, base)).usage.documentsRead);
    reads.set(`series|${range}`, (await measureQuery(t, series, base)).usage.documentsRead);
    for (const dimension of DIMENSIONS) {
      reads.set(`${dimension}|${range}`, (await measureQuery(t, breakdown, { ...base, dimension })).usage.documentsRead);
    }
    const byCountry = { ...base, filters: [{ dimension: "country" as const, value: views[0]!.country! }] };
    filtered.set(`summary|${range}`, (await measureQuery(t, summary, byCountry)).usage.documentsRead);
    filtered.set(`page|${range}`, (await measureQuery(t, breakdown, { ...byCountry, dimension: "page" })).usage.documentsRead);
    console.error(`  ${fmt(size)}: measured ${range}`);
  }
  return { reads, firstRun, liveRun, filtered };
}

async function foldAll(t: StatsTest): Promise<void> {
  const watermark = () => t.run(async (ctx) => (await ctx.db.query("dashboardRollupState").first())?.viewsWatermark ?? null);
  for (let before = await watermark(); ; ) {
    await t.mutation(internal.dashboard.rollup, { chain: true });
    const after = await watermark();
    if (after === before) return;
    before = after;
  }
}

/** Replaces what the measured run wrote with all the seeded views folded at once, as the chain of runs would leave them. */
async function foldInOnePass(t: StatsTest, views: ReturnType<typeof syntheticViews>, now: number): Promise<void> {
  const [hour, day, month] = zoneBucketings(["hour", "day", "month"], "UTC");
  const fold = new Fold([{ ...hour!, keepFrom: now - HOUR_RETENTION_MS }, day!, month!], markerVisitors, true);
  for (const view of views) fold.addView(foldViewOf(view as Doc<"pageViews">));
  await t.run(async (ctx) => {
    for (const doc of await ctx.db.query("dashboardRollups").take(10_000)) await ctx.db.delete("dashboardRollups", doc._id);
  });
  const buckets = [...fold.buckets.values()];
  for (let i = 0; i < buckets.length; i += 500) {
    await t.run(async (ctx) => {
      for (const acc of buckets.slice(i, i + 500)) {
        const { period, start, dimension } = acc;
        const sketch = acc.sketch === null ? undefined : sketchToBytes(acc.sketch);
        await ctx.db.insert("dashboardRollups", { period, start, dimension, rows: mergeRows([], acc.rows.values()), sketch });
      }
    });
  }
  await t.run(async (ctx) => {
    const last = await ctx.db.query("pageViews").withIndex("by_commitTs").order("desc").first();
    const state = await ctx.db.query("dashboardRollupState").first();
    const first = Math.min(...views.map((v) => v.timestamp));
    await ctx.db.patch("dashboardRollupState", state!._id, { viewsWatermark: last!.commitTs as bigint, firstView: first, chainUntil: null });
  });
}

/** 100k distinct visitors spread over 30 daily sketches, merged as a 30-day range reads them. */
function sketchError(trials: number): number[] {
  const errors: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const days = Array.from({ length: 30 }, () => emptySketch());
    for (let i = 0; i < 100_000; i++) {
      const id = randomUUID();
      // A third of the visitors come back on another day: they must count once.
      addToSketch(days[i % 30]!, id);
      if (i % 3 === 0) addToSketch(days[(i * 7) % 30]!, id);
    }
    const merged = emptySketch();
    for (const day of days) mergeInto(merged, day);
    errors.push((estimate(merged) - 100_000) / 100_000);
  }
  return errors;
}

async function main() {
  const started = performance.now();
  console.log("Dashboard benchmark (convex-test with Convex's transaction limits, plain Node)");
  console.log(`a year of views (the last 1,000 in the last two days); ${SHAPE.paths} paths, ${SHAPE.sources} sources, ${SHAPE.countries} countries; zone UTC\n`);
  const results = [];
  for (const size of SIZES) results.push(await measureSize(size));
  const [small, large] = results as [Awaited<ReturnType<typeof measureSize>>, Awaited<ReturnType<typeof measureSize>>];

  console.log(`${"query".padEnd(12)} ${RANGES.map((r) => r.padStart(13)).join("")}`);
  console.log(`${"".padEnd(12)} ${RANGES.map(() => "10k / 100k".padStart(13)).join("")}`);
  let equal = true;
  let max = 0;
  for (const name of ["summary", "series", ...DIMENSIONS]) {
    const cells = RANGES.map((range) => {
      const a = small.reads.get(`${name}|${range}`)!;
      const b = large.reads.get(`${name}|${range}`)!;
      if (a !== b) equal = false;
      max = Math.max(max, a, b);
      return `${a} / ${b}`.padStart(13);
    });
    console.log(`${name.padEnd(12)} ${cells.join("")}`);
  }
  console.log(`\nunfiltered: ${equal ? "equal at 10k and 100k views" : "NOT equal at 10k and 100k"}; largest ${fmt(max)} (limit ${fmt(LIMIT)}: ${max <= LIMIT ? "ok" : "EXCEEDED"})`);

  console.log("\nfiltered by one country (raw matching events, capped; grows with matching views up to the cap):");
  for (const name of ["summary", "page"]) {
    const cells = RANGES.map((range) => `${small.filtered.get(`${name}|${range}`)} / ${large.filtered.get(`${name}|${range}`)}`.padStart(13));
    console.log(`${name.padEnd(12)} ${cells.join("")}`);
  }

  for (const [label, result] of [["10k", small], ["100k", large]] as const) {
    const first = result.firstRun;
    const live = result.liveRun;
    console.log(
      `\nrollup at ${label}: first backfill run ${fmt(first.documentsRead)} read / ${fmt(first.documentsWritten)} written / ${fmt(first.indexRanges)} ranges; ` +
        `live run (200 new views) ${fmt(live.documentsRead)} read / ${fmt(live.documentsWritten)} written / ${fmt(live.indexRanges)} ranges`,
    );
  }

  const errors = sketchError(5);
  console.log(
    `\nvisitor sketch, 100,000 visitors over 30 merged days, 5 trials: errors ${errors.map((e) => `${(e * 100).toFixed(2)}%`).join(", ")}; ` +
      `largest ${(Math.max(...errors.map(Math.abs)) * 100).toFixed(2)}% (limit 2%)`,
  );
  console.log(`\ndone in ${((performance.now() - started) / 1_000).toFixed(1)} s`);
}

await main();
// Runs the chain scheduled for later would only repeat the work above.
process.exit(0);
