// Dashboard benchmark: documents and bytes each query reads at 10k and 100k
// stored views, with 0, 1 and 2 filters (reads must not grow with the stored
// views), where the page's 7- and 30-day re-runs read their bytes (by table),
// what a live rollup run writes per folded view, and the largest rollup
// document. Panels are measured with the page's own row limits.
//
// Runs the real Convex functions on convex-test in plain Node (tsx), with
// Convex's transaction limits on; counts come from the transaction's own
// metrics. The data: a year of views over 500 paths, 300 sources and 60
// countries. See prds/stats-dashboard.md.
import { convexTest } from "convex-test";
import { getDocumentSize } from "convex/values";
import { MAX_BREAKDOWN_ROWS } from "../../convex/constants";
import { breakdown, rollup, series, summary } from "../../convex/dashboard";
import type { Doc } from "../../convex/_generated/dataModel";
import { seedNewViews, storeFold, syntheticViews, withReports } from "../../convex/dashboard.fixtures";
import { Fold, foldViewOf, zoneBucketings } from "../../convex/dashboard.fold";
import { HOUR_RETENTION_MS, VIEW_BATCH } from "../../convex/dashboard.rollup";
import schema from "../../convex/schema";
import { measureMutation, measureQuery, post, seedContent, type StatsTest, type TableReads, type Usage, type WriteRecord } from "../../convex/stats.fixtures";
import type { StatsDimension, StatsFilter, StatsRange } from "../../convex/validators";
import { internal } from "../../convex/_generated/api";
import { attachInternals } from "../../local/convexTestInternals";
import { convexModules } from "./convexModules";

const SIZES = (process.env.BENCH_SIZES ?? "10000,100000").split(",").map(Number);
// Figures depend on the time of day (no summary of closed days is built in a
// day's first hour): BENCH_CLOCK (an ISO time) runs the clock from there, so
// runs made at different hours compare.
if (process.env.BENCH_CLOCK !== undefined) {
  const offset = Date.parse(process.env.BENCH_CLOCK) - Date.now();
  if (!Number.isFinite(offset)) throw new Error("BENCH_CLOCK must be an ISO time");
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + offset;
}
const SHAPE = { days: 365, paths: 500, sources: 300, countries: 60 };
/** Published posts (`/p-0` ...), the paths' labels: page panels must read the same bytes however many a site has. */
const POSTS = Number(process.env.BENCH_POSTS ?? 50);
const DOC_LIMIT = 5_000;
const BYTE_LIMIT = 4 * 1024 * 1024;
const RANGES: StatsRange[] = ["today", "yesterday", "24h", "7d", "30d", "month", "12mo", "all"];
const DIMENSIONS: StatsDimension[] = ["page", "entry", "exit", "source", "utmSource", "utmMedium", "utmCampaign", "device", "browser", "os", "country"];
/** With filters, the chart, the headline and two panels: the rest read the same way. */
const FILTERED_QUERIES = ["summary", "series", "page", "source"] as const;
/** Rows each panel asks for as the page does (the default: the rows a panel shows); the country map shades every country. */
const PANEL_LIMITS: Partial<Record<string, number>> = { country: MAX_BREAKDOWN_ROWS };
/** What /stats subscribes to on first load: the headline, the chart and each panel's first tab. */
const PAGE_QUERIES = ["summary", "series", "page", "source", "country", "device"] as const;
const fmt = (n: number) => n.toLocaleString("en-US");
const kb = (n: number) => `${(n / 1024).toFixed(1)}K`;

type Read = { docs: number; bytes: number };
type Reads = Map<string, Read>;
/** The ranges whose unfiltered re-runs have targets (issue 23): where their bytes go, by table. */
const SPLIT_RANGES: StatsRange[] = ["7d", "30d"];
type Result = {
  reads: Reads;
  /** By "query|range", unfiltered, for SPLIT_RANGES. */
  split: Map<string, TableReads>;
  firstRun: Usage;
  liveRun: Usage;
  liveViews: number;
  liveReports: number;
  largest: { table: string; bytes: number };
  /** The costliest run that built a summary of closed days, and how many were built. */
  summaryRun: { usage: Usage | null; built: number };
  /** The live run's writes per table (documents, approximate bytes of what was written). */
  liveByTable: Map<string, { docs: number; bytes: number }>;
  /** The same writes by table, operation and period (and dimension for the largest), with rewrites that changed nothing. */
  liveDetail: Map<string, WriteGroup>;
};
type WriteGroup = { docs: number; bytes: number; unchanged: number; largest: number };

/** Roughly what Convex stores: the JSON text, binary fields by their length. */
const sizeOf = (doc: Record<string, unknown>) =>
  JSON.stringify(doc, (_k, v: unknown) => (v instanceof ArrayBuffer ? "x".repeat(v.byteLength) : typeof v === "bigint" ? 0 : v)).length;

const read = (usage: Usage): Read => ({ docs: usage.documentsRead, bytes: usage.bytesRead });

async function measureSize(size: number): Promise<Result> {
  const now = Date.now();
  const t: StatsTest = convexTest({ schema, modules: convexModules(), transactionLimits: true });
  // The local backend's sorted indexes hand convex-test only a range's
  // candidates (it still filters, orders and counts them against the limits).
  attachInternals(t);
  await seedContent(t, { posts: Array.from({ length: POSTS }, (_, i) => post(`p-${i}`, `Post ${i}`)) });
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
  // backfill (hundreds of runs) is done with the rollup's own fold in one pass.
  const { usage: firstRun } = await measureMutation(t, rollup, {});
  await clearRollups(t);
  const [hour, day, month] = zoneBucketings(["hour", "day", "month"], "UTC");
  const fold = new Fold([{ ...hour!, keepFrom: now - HOUR_RETENTION_MS }, day!, month!]);
  for (const view of views) fold.addView(foldViewOf(view as Doc<"pageViews">));
  const largest = await storeFold(t, fold, Math.min(...views.map((v) => v.timestamp)));
  console.error(`  ${fmt(size)}: folded`);

  // A live run: 200 new views in the current hour, as the minute cron would find them, and an engagement report for each.
  const reported = withReports(
    syntheticViews({ views: 200, days: 1 / 24, paths: 50, sources: 10, countries: 5, now: now - 60_000, seed: 9 }).map((v) => ({
      ...v,
      sessionId: v.sessionId.replace(/^0{8}/, "11111111"),
    })),
    9,
  );
  const fresh = reported.views;
  await seedNewViews(t, fresh, 1);
  await t.run(async (ctx) => {
    for (const report of reported.engagements) await ctx.db.insert("engagements", { ...report, commitTs: ctx.db.vars.commitTs });
  });
  const writes: WriteRecord[] = [];
  const { usage: liveRun } = await measureMutation(t, rollup, { chain: true }, writes);
  const liveByTable = new Map<string, { docs: number; bytes: number }>();
  for (const { table, after } of writes) {
    const entry = liveByTable.get(table) ?? { docs: 0, bytes: 0 };
    entry.docs++;
    entry.bytes += after === null ? 0 : sizeOf(after);
    liveByTable.set(table, entry);
  }
  const liveDetail = writeDetail(writes);
  const liveViews = await foldedSince(t, fresh.length);
  const liveReports = await reportsFoldedSince(t, reported.engagements.length);
  await foldAll(t);
  const summaryRun = await buildSummaries(t);

  const anchor = now - (now % 3_600_000);
  const country = views[views.length - 1]!.country!;
  const device = views[views.length - 1]!.device!;
  const filterSets: [string, StatsFilter[]][] = [
    ["0", []],
    ["1", [{ dimension: "country", value: country }]],
    ["2", [{ dimension: "country", value: country }, { dimension: "device", value: device }]],
  ];
  const reads: Reads = new Map();
  const split = new Map<string, TableReads>();
  for (const range of RANGES) {
    for (const [n, filters] of filterSets) {
      const base = { range, anchor, filters };
      const names = n === "0" ? ["summary", "series", ...DIMENSIONS] : FILTERED_QUERIES;
      for (const name of names) {
        const byTable: TableReads | undefined = n === "0" && SPLIT_RANGES.includes(range) ? new Map() : undefined;
        const usage =
          name === "summary"
            ? (await measureQuery(t, summary, base, byTable)).usage
            : name === "series"
              ? (await measureQuery(t, series, base, byTable)).usage
              : (await measureQuery(t, breakdown, { ...base, dimension: name as StatsDimension, limit: PANEL_LIMITS[name] }, byTable)).usage;
        reads.set(`${n}|${name}|${range}`, read(usage));
        if (byTable !== undefined) split.set(`${name}|${range}`, byTable);
      }
    }
    if (SPLIT_RANGES.includes(range)) {
      // What "Show all", a panel's CSV and the zip ask for once: every row of the page panel.
      const { usage } = await measureQuery(t, breakdown, { range, anchor, filters: [], dimension: "page", limit: MAX_BREAKDOWN_ROWS });
      reads.set(`0|page (all rows)|${range}`, read(usage));
    }
    console.error(`  ${fmt(size)}: measured ${range}`);
  }
  // The chart's choices (issue 19): weeks (days merged, visitors from the union of day sets), no comparison, last year.
  for (const [label, range, extra] of [
    ["weeks", "30d", { interval: "week" }],
    ["weeks", "12mo", { interval: "week" }],
    ["days", "12mo", { interval: "day" }],
    ["no comparison", "30d", { compare: "none" }],
    ["same period last year", "30d", { compare: "year" }],
  ] as const) {
    const { usage } = await measureQuery(t, series, { range, anchor, filters: [], ...extra });
    const r = read(usage);
    console.log(`series, 0 filters, ${range}, ${label}: ${fmt(r.docs)} documents / ${kb(r.bytes)} read`);
  }
  return { reads, split, firstRun, liveRun, liveViews, liveReports, largest, summaryRun, liveByTable, liveDetail };
}

/** What a run wrote, grouped by table, operation and period: which documents its bytes go to. */
function writeDetail(writes: WriteRecord[]): Map<string, WriteGroup> {
  const groups = new Map<string, WriteGroup>();
  for (const { table, before, after } of writes) {
    const doc = after ?? before;
    const op = before === null ? "insert" : after === null ? "delete" : "update";
    const period = typeof doc?.period === "string" ? doc.period : "-";
    const dimension = typeof doc?.dimension === "string" ? doc.dimension : "-";
    const bytes = after === null ? 0 : getDocumentSize(after as never);
    const same = before !== null && after !== null && contentOf(before) === contentOf(after);
    for (const key of [`${table} ${op} ${period}`, `${table} ${op} ${period} ${dimension}`]) {
      const group = groups.get(key) ?? { docs: 0, bytes: 0, unchanged: 0, largest: 0 };
      group.docs++;
      group.bytes += bytes;
      group.unchanged += same ? 1 : 0;
      group.largest = Math.max(group.largest, bytes);
      groups.set(key, group);
    }
  }
  return groups;
}

/** A document's content without its system fields, binary fields (at any depth) as their bytes. */
const contentOf = (doc: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith("_"))), (_k, v: unknown) =>
    v instanceof ArrayBuffer ? [...new Uint8Array(v)].join(",") : typeof v === "bigint" ? String(v) : v,
  );

/** Deletes what the measured first run wrote, so the one-pass fold is not added twice. */
async function clearRollups(t: StatsTest): Promise<void> {
  for (const table of ["dashboardRollups", "dashboardCells", "dashboardVisitors"] as const) {
    for (;;) {
      const n = await t.run(async (ctx) => {
        const docs = await ctx.db.query(table).take(4_000);
        for (const doc of docs) await ctx.db.delete(table, doc._id);
        return docs.length;
      });
      if (n === 0) break;
    }
  }
}

/** How many of the fresh views the measured run folded (it may stop at its budget). */
async function foldedSince(t: StatsTest, fresh: number): Promise<number> {
  return await t.run(async (ctx) => {
    const state = await ctx.db.query("dashboardRollupState").first();
    const last = await ctx.db.query("pageViews").withIndex("by_commitTs").order("desc").take(fresh);
    return last.filter((v) => (v.commitTs as bigint) <= state!.viewsWatermark!).length;
  });
}

/** How many of the fresh engagement reports the measured run folded. */
async function reportsFoldedSince(t: StatsTest, fresh: number): Promise<number> {
  return await t.run(async (ctx) => {
    const state = await ctx.db.query("dashboardRollupState").first();
    const last = await ctx.db.query("engagements").withIndex("by_commitTs").order("desc").take(fresh);
    return last.filter((e) => state!.engagementsWatermark !== null && (e.commitTs as bigint) <= state!.engagementsWatermark).length;
  });
}

/** Runs the rollup with nothing new to fold until every summary of closed days is built (one per run). */
async function buildSummaries(t: StatsTest): Promise<{ usage: Usage | null; built: number }> {
  const count = () => t.run(async (ctx) => (await ctx.db.query("dashboardRangeCounts").collect()).length);
  let worst: Usage | null = null;
  for (let before = await count(); ; ) {
    const { usage } = await measureMutation(t, rollup, { chain: true });
    const after = await count();
    if (after === before) return { usage: worst, built: after };
    if (worst === null || usage.bytesWritten + usage.bytesRead > worst.bytesWritten + worst.bytesRead) worst = usage;
    before = after;
  }
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

function table(results: Result[], filters: string, names: readonly string[]): { docs: number; bytes: number; flat: boolean } {
  let docs = 0;
  let bytes = 0;
  let flat = true;
  console.log(`\n${filters} filter(s): documents / KB read per query, ${SIZES.map(fmt).join(" / ")} stored views`);
  console.log(`${"query".padEnd(10)} ${RANGES.map((r) => r.padStart(24)).join("")}`);
  for (const name of names) {
    const cells = RANGES.map((range) => {
      const all = results.map((r) => r.reads.get(`${filters}|${name}|${range}`)!);
      if (all.some((r) => r.docs !== all[0]!.docs)) flat = false;
      for (const r of all) {
        docs = Math.max(docs, r.docs);
        bytes = Math.max(bytes, r.bytes);
      }
      return all.map((r) => `${r.docs}:${kb(r.bytes)}`).join(" / ").padStart(24);
    });
    console.log(`${name.padEnd(10)} ${cells.join("")}`);
  }
  return { docs, bytes, flat };
}

async function main() {
  const started = performance.now();
  console.log("Dashboard benchmark (convex-test with Convex's transaction limits, plain Node)");
  console.log(`a year of views (the last 1,000 in the last two days); ${SHAPE.paths} paths, ${SHAPE.sources} sources, ${SHAPE.countries} countries; ${fmt(POSTS)} published posts; zone UTC`);
  const results: Result[] = [];
  for (const size of SIZES) results.push(await measureSize(size));

  for (const [filters, names] of [["0", ["summary", "series", ...DIMENSIONS]], ["1", FILTERED_QUERIES], ["2", FILTERED_QUERIES]] as const) {
    const { docs, bytes, flat } = table(results, filters, names);
    console.log(
      `largest: ${fmt(docs)} documents (limit ${fmt(DOC_LIMIT)}: ${docs <= DOC_LIMIT ? "ok" : "EXCEEDED"}), ${kb(bytes)} (limit ${kb(BYTE_LIMIT)}: ${bytes <= BYTE_LIMIT ? "ok" : "EXCEEDED"}); documents ${flat ? "equal at every size" : "NOT equal at every size"}`,
    );
  }
  // Issue 23's target: at most 64 KB read per dashboard query re-run, for 7 and 30 days.
  console.log("");
  for (const range of ["7d", "30d"] as const) {
    const names = ["summary", "series", ...DIMENSIONS];
    const worst = results.map((r) => names.map((name) => ({ name, bytes: r.reads.get(`0|${name}|${range}`)!.bytes })).sort((a, b) => b.bytes - a.bytes)[0]!);
    const over = results.map((r) => names.filter((name) => r.reads.get(`0|${name}|${range}`)!.bytes > 64 * 1024));
    console.log(
      `largest query re-run, ${range}, unfiltered: ${worst.map((w) => `${w.name} ${kb(w.bytes)}`).join(" / ")} (target 64.0K; over it: ${over.map((o) => (o.length === 0 ? "none" : o.join(", "))).join(" / ")})`,
    );
  }
  for (const range of SPLIT_RANGES) {
    const all = results.map((r) => r.reads.get(`0|page (all rows)|${range}`)!);
    console.log(`page panel, every row (Show all, CSV, zip: one-shot), ${range}, unfiltered: ${all.map((r) => `${fmt(r.docs)}:${kb(r.bytes)}`).join(" / ")}`);
  }
  // Where the page's bytes go: each of its queries, by table (documents, KB).
  results.forEach((result, i) => {
    for (const range of SPLIT_RANGES) {
      console.log(`\nbytes by table at ${fmt(SIZES[i]!)}, ${range}, unfiltered (documents:KB)`);
      for (const name of PAGE_QUERIES) {
        const byTable = [...result.split.get(`${name}|${range}`)!].sort((a, b) => b[1].bytes - a[1].bytes);
        console.log(`  ${name.padEnd(8)} ${byTable.map(([table, r]) => `${table} ${r.docs}:${kb(r.bytes)}`).join(", ")}`);
      }
    }
  });
  // The page's own re-run: headline, chart and the four panels it shows first.
  for (const range of RANGES) {
    const page = PAGE_QUERIES;
    const totals = results.map((r) => page.reduce((sum, name) => sum + r.reads.get(`0|${name}|${range}`)!.bytes, 0));
    const target = range === "7d" || range === "30d" ? ` (target 256.0K${totals.every((n) => n <= 256 * 1024) ? ": met" : ": NOT met"})` : "";
    console.log(`whole page (${page.join(", ")}), ${range}, unfiltered: ${totals.map(kb).join(" / ")} read per re-run${target}`);
  }

  results.forEach((result, i) => {
    const label = fmt(SIZES[i]!);
    const { firstRun: first, liveRun: live, liveViews } = result;
    console.log(
      `\nrollup at ${label}: first backfill run ${fmt(first.documentsRead)} read / ${fmt(first.documentsWritten)} written (${kb(first.bytesWritten)}) / ${fmt(first.indexRanges)} ranges; ` +
        `live run folding ${liveViews} new views and their ${result.liveReports} reports: ${fmt(live.documentsRead)} read (with the write recorder's reads) / ${fmt(live.documentsWritten)} written / ${kb(live.bytesWritten)} written / ${fmt(live.indexRanges)} ranges; ` +
        `per folded view ${(live.documentsWritten / Math.max(1, liveViews)).toFixed(1)} documents, ${kb(live.bytesWritten / Math.max(1, liveViews))}`,
    );
    console.log(
      `live run's writes at ${label} by table: ${[...result.liveByTable].map(([table, w]) => `${table} ${fmt(w.docs)} (${kb(w.bytes)})`).join(", ")} (target: 2.0K per folded view)`,
    );
    const detail = [...result.liveDetail].filter(([key]) => key.split(" ").length === 3).sort((a, b) => b[1].bytes - a[1].bytes);
    console.log(`live run's writes at ${label} by table, operation and period (documents, KB as Convex sizes them, rewrites that changed nothing, largest document):`);
    for (const [key, g] of detail) console.log(`  ${key.padEnd(40)} ${String(g.docs).padStart(5)} ${kb(g.bytes).padStart(8)} ${String(g.unchanged).padStart(5)} ${kb(g.largest).padStart(7)}`);
    const top = [...result.liveDetail].filter(([key]) => key.split(" ").length === 4).sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 12);
    console.log(`  largest groups by dimension: ${top.map(([key, g]) => `${key} ${g.docs}:${kb(g.bytes)}`).join(", ")}`);
    console.log(`largest rollup document at ${label}: ${result.largest.table}, ${kb(result.largest.bytes)}`);
    const { usage: build, built } = result.summaryRun;
    console.log(
      build === null
        ? `summaries of closed days at ${label}: none built (the first hour after midnight, or nothing to summarize)`
        : `summaries of closed days at ${label}: ${built} built, one per run; costliest run ${fmt(build.documentsRead)} read (${kb(build.bytesRead)}) / ${fmt(build.documentsWritten)} written (${kb(build.bytesWritten)}) / ${fmt(build.indexRanges)} ranges`,
    );
  });
  console.log(`\ndone in ${((performance.now() - started) / 1_000).toFixed(1)} s`);
}

await main();
// Runs the chain scheduled for later would only repeat the work above.
process.exit(0);
