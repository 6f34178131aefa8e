// Insight panels benchmark (issue 20): documents and bytes each link panel
// (Not found, outbound links, downloads) and the Searches panel read, at
// 10k, 100k and 1M stored events, with 0, 1 and 2 filters, over 7 and 30
// days. Reads must stay bounded however many events are stored.
//
// Runs the real queries on convex-test in plain Node (tsx), with Convex's
// transaction limits on; counts come from the transaction's own metrics. The
// stores are seeded directly, as the tracking mutations would leave them: N
// link events (linkEvents, and their linkDays day documents) and N searches
// (their searchTerms and searchTermVisits day documents), spread over a year
// with skewed popularity (a few hosts, terms and countries take most). See
// prds/stats.md, "Live queries at 100k and 1M stored events". At 1M it needs
// about 10 GB of memory: NODE_OPTIONS=--max-old-space-size=12000.
import { convexTest } from "convex-test";
import { report } from "../../convex/links";
import { terms } from "../../convex/searchStats";
import schema from "../../convex/schema";
import { visitorHash } from "../../convex/dashboard.hll";
import { visitKeyOf } from "../../convex/searchStats.context";
import { measureQuery, post, seedContent, type StatsTest } from "../../convex/stats.fixtures";
import { MAX_LINK_VISITORS } from "../../convex/constants";
import type { Doc } from "../../convex/_generated/dataModel";
import type { Channel, LinkKind, LinkReport, SearchTerms, SearchVisit, StatsFilter, StatsRange } from "../../convex/validators";
import { attachInternals } from "../../local/convexTestInternals";
import { convexModules } from "./convexModules";

const SIZES = (process.env.BENCH_INSIGHTS_SIZES ?? "10000,100000,1000000").split(",").map(Number);
const DAY_MS = 86_400_000;
const DAYS = 365;
const RANGES: StatsRange[] = ["7d", "30d"];
const PER_COMMIT = 4_000;
const fmt = (n: number) => n.toLocaleString("en-US");
const kb = (n: number) => `${(n / 1024).toFixed(0)}K`;

/** A small seeded generator, so every run stores the same events. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rank 0 most often: a Zipf-like pick among `n`. */
const skewed = (rand: () => number, n: number) => Math.min(n - 1, Math.floor(n ** rand()) - 1);
const pick = <T>(rand: () => number, items: readonly T[]) => items[skewed(rand, items.length)]!;

const COUNTRIES = ["US", "DE", "GB", "FR", "IN", "CA", "NL", "BR", "JP", "ES", "IT", "SE", "PL", "AU", "CH", "AT", "BE", "DK", "NO", "FI", ...Array.from({ length: 40 }, (_, i) => `X${i}`)];
const DEVICES = ["desktop", "mobile", "laptop", "tablet"];
const BROWSERS = ["Chrome", "Safari", "Firefox", "Edge", "Samsung Internet", "Opera"];
const OSES = ["Windows", "iOS", "Android", "macOS", "Linux", "ChromeOS"];
const SOURCES: (string | undefined)[] = [undefined, "Google", "Hacker News", "Reddit", "DuckDuckGo", "Bing", ...Array.from({ length: 44 }, (_, i) => `site${i}.example`)];
const CHANNEL_OF = (source: string | undefined): Channel => (source === undefined ? "Direct" : ["Google", "DuckDuckGo", "Bing"].includes(source) ? "Search" : source.endsWith(".example") ? "Referral" : "Social");
const POSTS = Array.from({ length: 200 }, (_, i) => `/post-${i}`);

type Visit = SearchVisit;

function visitOf(rand: () => number): Visit {
  const source = pick(rand, SOURCES);
  const utm = rand() < 0.05;
  return {
    path: pick(rand, POSTS),
    entryPath: pick(rand, POSTS),
    source: source ?? "",
    channel: CHANNEL_OF(source),
    referrerHost: source === undefined ? "" : `${source.toLowerCase().replace(/\s/g, "")}.host`,
    utmSource: utm ? "letter" : "",
    utmMedium: utm ? "email" : "",
    utmCampaign: utm ? `c${Math.floor(rand() * 12)}` : "",
    device: pick(rand, DEVICES),
    browser: pick(rand, BROWSERS),
    os: pick(rand, OSES),
    country: pick(rand, COUNTRIES),
  };
}

/** A link event's visit as linkEvents keeps it: absent fields for unknown. */
function dimsOf(visit: Visit) {
  const dims: Record<string, string> = {};
  for (const [field, value] of Object.entries(visit)) if (field !== "path" && value !== "") dims[field] = value;
  return dims as Omit<Doc<"linkEvents">, "_id" | "_creationTime" | "kind" | "key" | "host" | "from" | "fromKind" | "path" | "timestamp" | "visitor">;
}

type LinkEventDoc = Omit<Doc<"linkEvents">, "_id" | "_creationTime">;

function linkEvents(n: number, now: number): LinkEventDoc[] {
  const rand = random(7);
  const events: LinkEventDoc[] = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    const kind: LinkKind = r < 0.25 ? "notFound" : r < 0.85 ? "outbound" : "download";
    const visit = visitOf(rand);
    const timestamp = now - Math.floor(rand() * DAYS * DAY_MS);
    const visitor = visitorHash(`s-${Math.floor(rand() * (n / 3 + 1))}`);
    let key: string;
    let host: string;
    let from = visit.path;
    let fromKind: LinkEventDoc["fromKind"] = "page";
    if (kind === "notFound") {
      key = `/missing-${skewed(rand, 300)}`;
      host = "";
      const o = rand();
      if (o < 0.3) [from, fromKind] = [visit.source, visit.source === "" ? "none" : "source"];
      else if (o < 0.5) [from, fromKind] = ["", "none"];
    } else if (kind === "outbound") {
      const h = skewed(rand, 400);
      host = `host${h}.example`;
      key = `https://${host}/p${skewed(rand, 5)}`;
    } else {
      key = `/files/f${skewed(rand, 100)}.pdf`;
      host = "pdf";
    }
    events.push({ kind, key, host, from, fromKind, path: kind === "notFound" ? key : visit.path, timestamp, visitor, ...dimsOf(visit) });
  }
  return events;
}

/** The day documents the events add up to: one per kind, day, key and origin, with up to MAX_LINK_VISITORS hashes. */
function linkDays(events: LinkEventDoc[]) {
  const days = new Map<string, Omit<Doc<"linkDays">, "_id" | "_creationTime"> & { set: Set<number> }>();
  for (const e of events) {
    const day = e.timestamp - (e.timestamp % DAY_MS);
    const id = `${e.kind}|${day}|${e.key}|${e.from}`;
    let doc = days.get(id);
    if (doc === undefined) {
      doc = { kind: e.kind, day, key: e.key, host: e.host, from: e.from, fromKind: e.fromKind, count: 0, visitorsFull: false, set: new Set() };
      days.set(id, doc);
    }
    doc.count++;
    if (e.visitor !== undefined && !doc.set.has(e.visitor)) {
      if (doc.set.size >= MAX_LINK_VISITORS) doc.visitorsFull = true;
      else doc.set.add(e.visitor);
    }
  }
  return [...days.values()].map(({ set, ...doc }) => ({ ...doc, hashes: Uint32Array.from(set).buffer as ArrayBuffer }));
}

/** N searches as their term-day and term-day-visit documents. */
function searches(n: number, now: number) {
  const rand = random(11);
  const termDays = new Map<string, Omit<Doc<"searchTerms">, "_id" | "_creationTime">>();
  const visitDays = new Map<string, Omit<Doc<"searchTermVisits">, "_id" | "_creationTime">>();
  for (let i = 0; i < n; i++) {
    const t = skewed(rand, 3_000);
    const term = `term ${t}`;
    const results = t % 7 === 0 ? 0 : 1 + (t % 9);
    const zero = results === 0 ? 1 : 0;
    const opened = results > 0 && rand() < 0.3 ? 1 : 0;
    const ts = now - Math.floor(rand() * DAYS * DAY_MS);
    const day = ts - (ts % DAY_MS);
    const visit = visitOf(rand);
    const td = termDays.get(`${day}|${term}`) ?? { term, day, searches: 0, zeroResults: 0, results, opens: 0, opened: [] };
    td.searches++;
    td.zeroResults += zero;
    td.opens += opened;
    termDays.set(`${day}|${term}`, td);
    const key = visitKeyOf(visit);
    const vd = visitDays.get(`${day}|${term}|${key}`) ?? { day, term, visit: key, ...visit, searches: 0, zeroResults: 0, results, opens: 0 };
    vd.searches++;
    vd.zeroResults += zero;
    vd.opens += opened;
    visitDays.set(`${day}|${term}|${key}`, vd);
  }
  return { termDays: [...termDays.values()], visitDays: [...visitDays.values()] };
}

async function insertAll<T extends "linkEvents" | "linkDays" | "searchTerms" | "searchTermVisits">(t: StatsTest, table: T, docs: readonly Omit<Doc<T>, "_id" | "_creationTime">[], size: number) {
  for (let i = 0; i < docs.length; i += PER_COMMIT) {
    const chunk = docs.slice(i, i + PER_COMMIT);
    await t.run(async (ctx) => {
      for (const doc of chunk) await ctx.db.insert(table, doc as never);
    });
    if ((i / PER_COMMIT) % 50 === 49) console.error(`  ${fmt(size)}: ${table} ${fmt(i + chunk.length)} / ${fmt(docs.length)}`);
  }
}

type Read = { docs: number; bytes: number; marked: string };
const QUERIES = ["Not found", "Outbound (by host)", "Downloads", "Searches"] as const;

async function measureSize(size: number): Promise<{ reads: Map<string, Read>; stored: Record<string, number>; seconds: number; heapMb: number }> {
  const started = performance.now();
  const now = Date.UTC(2026, 11, 7, 12);
  const t: StatsTest = convexTest({ schema, modules: convexModules(), transactionLimits: true });
  await seedContent(t, { posts: POSTS.slice(0, 50).map((p, i) => post(p.slice(1), `Post ${i}`)) });
  // Each store is built, inserted and let go in turn: at 1M, holding them all beside convex-test's copies doubles the memory.
  const stored = { linkEvents: size, linkDays: 0, searchTerms: 0, searchTermVisits: 0 };
  await (async () => {
    const events = linkEvents(size, now);
    const days = linkDays(events);
    stored.linkDays = days.length;
    await insertAll(t, "linkEvents", events, size);
    events.length = 0;
    await insertAll(t, "linkDays", days, size);
  })();
  await (async () => {
    const { termDays, visitDays } = searches(size, now);
    [stored.searchTerms, stored.searchTermVisits] = [termDays.length, visitDays.length];
    await insertAll(t, "searchTerms", termDays, size);
    termDays.length = 0;
    await insertAll(t, "searchTermVisits", visitDays, size);
  })();
  // Attached once the stores are full: each index is sorted once, where
  // keeping it sorted through a million inserts would take hours. Then the
  // local backend's sorted indexes hand convex-test only a range's candidates
  // (it still filters, orders and counts them against the limits).
  attachInternals(t);
  console.error(`  ${fmt(size)}: seeded ${Object.entries(stored).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}`);

  const anchor = now - (now % 3_600_000);
  // The most common values: the largest filtered reads.
  const filterSets: [string, StatsFilter[]][] = [
    ["0", []],
    ["1", [{ dimension: "country", value: "US" }]],
    ["2", [{ dimension: "country", value: "US" }, { dimension: "device", value: "desktop" }]],
  ];
  const reads = new Map<string, Read>();
  for (const range of RANGES) {
    for (const [n, filters] of filterSets) {
      const base = { range, anchor, filters };
      for (const name of QUERIES) {
        if (name === "Searches") {
          const { usage, result } = await measureQuery<typeof base, SearchTerms>(t, terms, base);
          const marked = result.sample !== undefined ? "≈" : "";
          reads.set(`${n}|${name}|${range}`, { docs: usage.documentsRead, bytes: usage.bytesRead, marked });
          continue;
        }
        const kind: LinkKind = name === "Not found" ? "notFound" : name === "Downloads" ? "download" : "outbound";
        const args = { ...base, kind, groupBy: kind === "outbound" ? ("host" as const) : ("key" as const) };
        const { usage, result } = await measureQuery<typeof args, LinkReport>(t, report, args);
        const marked = result.sample !== undefined ? "≈" : result.truncated ? "cut" : "";
        reads.set(`${n}|${name}|${range}`, { docs: usage.documentsRead, bytes: usage.bytesRead, marked });
      }
    }
  }
  const heapMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  return { reads, stored, seconds: Math.round((performance.now() - started) / 1000), heapMb };
}

async function main() {
  console.log(`Insight panels: documents / bytes read per query (convex-test, transaction limits on). ≈ = marked sample, cut = oldest days left out.`);
  const results: Awaited<ReturnType<typeof measureSize>>[] = [];
  for (const size of SIZES) {
    const result = await measureSize(size);
    results.push(result);
    console.log(`\n${fmt(size)} link events + ${fmt(size)} searches: stored ${Object.entries(result.stored).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")} (seeded and measured in ${result.seconds} s, ${fmt(result.heapMb)} MB resident)`);
  }
  for (const range of RANGES) {
    for (const n of ["0", "1", "2"]) {
      console.log(`\n${range}, ${n} filter(s): documents:KB read, ${SIZES.map(fmt).join(" / ")} events`);
      for (const name of QUERIES) {
        const cells = results.map((r) => {
          const read = r.reads.get(`${n}|${name}|${range}`)!;
          return `${fmt(read.docs)}:${kb(read.bytes)}${read.marked}`;
        });
        console.log(`  ${name.padEnd(20)} ${cells.map((c) => c.padStart(16)).join("")}`);
      }
    }
  }
  const worst = Math.max(...results.flatMap((r) => [...r.reads.values()].map((read) => read.docs)));
  const worstBytes = Math.max(...results.flatMap((r) => [...r.reads.values()].map((read) => read.bytes)));
  console.log(`\nLargest read: ${fmt(worst)} documents, ${kb(worstBytes)} (Convex's limits: 32,000 documents, 16 MiB).`);
}

await main();
