// Shared by the dashboard tests: a deterministic traffic scenario played
// through the real mutations, and an independent brute-force count of the
// stored events to check the rollup against. Not a Convex module.
import { api } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { siteTimeZone } from "./dashboard.access";
import type { Fold } from "./dashboard.fold";
import { toStored } from "./dashboard.hll";
import { mergeRows } from "./dashboard.rollup";
import { packBucketRows } from "./dashboard.rows";
import { sessionId, type StatsTest } from "./stats.fixtures";
import type { VisitContext } from "./validators";

const MIN = 60_000;

/** A small deterministic generator, so every run plays the same traffic. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 4_294_967_296;
  };
}

export const SCENARIO_PATHS = ["/", "/hello", "/other", "/about"];
const SOURCES: VisitContext[] = [
  {},
  { referrerHost: "news.ycombinator.com" },
  { referrerHost: "t.co", utmSource: "twitter", utmMedium: "social" },
  { utmSource: "newsletter", utmCampaign: "spring" },
];
/** The named source of each referrer above, and of a tag without one, as a reader would name them (issue 17). */
const SOURCE_NAMES: Record<string, string> = { "news.ycombinator.com": "Hacker News", "m.facebook.com": "Facebook", "t.co": "X" };
const DEVICES = ["mobile", "tablet", "laptop", "desktop"] as const;
const COUNTRIES = ["DE", "FR", "US"];

/**
 * Plays `steps` reader actions from `start` on: views (some repeated within
 * 30 minutes, which dedup drops), engagement reports, and pauses long enough
 * to start new visits and cross midnights. Uses fake timers (the caller's).
 */
export async function playTraffic(
  t: StatsTest,
  opts: { start: number; steps: number; sessions: number; seed: number; advance: (ms: number) => void },
): Promise<void> {
  const rand = prng(opts.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const lastPath = new Map<number, string>();
  for (let i = 0; i < opts.steps; i++) {
    const n = Math.floor(rand() * opts.sessions);
    const sid = sessionId(n + 1);
    const r = rand();
    if (r < 0.25 && lastPath.has(n)) {
      await t.mutation(api.stats.recordEngagement, { sessionId: sid, path: lastPath.get(n)!, engagedMs: Math.floor(rand() * 40_000) });
    } else {
      const path = pick(SCENARIO_PATHS);
      const context: VisitContext = {
        ...SOURCES[n % SOURCES.length]!,
        device: DEVICES[n % DEVICES.length]!,
        country: COUNTRIES[n % COUNTRIES.length]!,
        browser: n % 2 === 0 ? "Firefox" : "Chrome",
        os: n % 3 === 0 ? "Linux" : "Android",
      };
      await t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sid, context });
      lastPath.set(n, path);
    }
    // Mostly seconds to minutes, sometimes an hour or more: new visits, new days.
    const pause = rand() < 0.1 ? 40 * MIN + Math.floor(rand() * 180 * MIN) : Math.floor(rand() * 6 * MIN);
    opts.advance(pause);
  }
}

/** What a filter on one value shows, counted from the events (`engagedMs`: its visits' whole engaged time). */
export type Cell = { views: number; visitors: Set<string>; visits: number; bounces: number; engagedMs: number };
const emptyCell = (): Cell => ({ views: 0, visitors: new Set(), visits: 0, bounces: 0, engagedMs: 0 });

/** The dimensions a filter pins, and the stored field each reads (exit is left out: its cells are not kept). */
export const CELL_FIELDS = {
  page: "path",
  entry: "entryPath",
  source: "referrerHost",
  utmSource: "utmSource",
  utmMedium: "utmMedium",
  utmCampaign: "utmCampaign",
  device: "device",
  browser: "browser",
  os: "os",
  country: "country",
} as const;
export type CellDimension = keyof typeof CELL_FIELDS;

/** A view's value in a panel, worked out here rather than read from what capture stored: a source by its name, else the UTM source. */
function cellValue(view: Doc<"pageViews">, dimension: string, field: (typeof CELL_FIELDS)[CellDimension]): string {
  if (dimension !== "source") return String(view[field] ?? "");
  return view.referrerHost !== undefined ? (SOURCE_NAMES[view.referrerHost] ?? view.referrerHost) : (view.utmSource ?? "");
}

/**
 * Counts straight from the stored events, by the written definitions: a visit
 * is a session's views with gaps under 30 minutes, and it counts, with all its
 * views and engaged time, in the day it started; a bounce is a visit with one
 * view and under 10 s engaged. A filter on a page shows the visits that
 * include it; on any other value, the visits that have it. `inRange` selects
 * visits by their start.
 */
export function bruteForce(
  allViews: Doc<"pageViews">[],
  allEngagements: Doc<"engagements">[],
  timeZone: string,
  inRange: (ts: number) => boolean = () => true,
  /** The buckets `days` are counted in: the zone's calendar days unless given. */
  bucketOf?: (ts: number) => string,
) {
  const dayOf = bucketOf ?? ((ts: number) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(ts));
  const everything = [...allViews].sort((a, b) => a.timestamp - b.timestamp);
  const engagedOf = new Map<string, number>();
  for (const e of allEngagements) {
    const key = `${e.sessionId}|${e.timestamp}`;
    engagedOf.set(key, (engagedOf.get(key) ?? 0) + e.engagedMs);
  }
  // Visits: group each session's views by the 30-minute gap rule.
  const visits: Doc<"pageViews">[][] = [];
  const open = new Map<string, Doc<"pageViews">[]>();
  for (const view of everything) {
    const current = open.get(view.sessionId);
    const last = current?.[current.length - 1];
    if (current !== undefined && last !== undefined && view.timestamp - last.timestamp < 30 * MIN) current.push(view);
    else {
      const visit = [view];
      visits.push(visit);
      open.set(view.sessionId, visit);
    }
  }
  const included = visits.filter((visit) => inRange(visit[0]!.timestamp));
  const days = new Map<string, Cell>();
  const cells = new Map<string, Cell>();
  const cell = (map: Map<string, Cell>, key: string) => {
    let c = map.get(key);
    if (c === undefined) {
      c = emptyCell();
      map.set(key, c);
    }
    return c;
  };
  const entries = new Map<string, number>();
  const exits = new Map<string, number>();
  const total = emptyCell();
  for (const visit of included) {
    const first = visit[0]!;
    const sid = first.sessionId;
    const engaged = visit.reduce((sum, v) => sum + (engagedOf.get(`${v.sessionId}|${v.timestamp}`) ?? 0), 0);
    const bounce = visit.length === 1 && engaged < 10_000 ? 1 : 0;
    for (const c of [total, cell(days, dayOf(first.timestamp))]) {
      c.views += visit.length;
      c.visitors.add(sid);
      c.visits++;
      c.bounces += bounce;
      c.engagedMs += engaged;
    }
    entries.set(first.path, (entries.get(first.path) ?? 0) + 1);
    const last = visit[visit.length - 1]!;
    exits.set(last.path, (exits.get(last.path) ?? 0) + 1);
    for (const [dimension, field] of Object.entries(CELL_FIELDS)) {
      const seen = new Set<string>();
      for (const view of visit) {
        const value = cellValue(view, dimension, field);
        const c = cell(cells, `${dimension}|${value}`);
        c.views++;
        c.visitors.add(sid);
        if (seen.has(value)) continue;
        seen.add(value);
        // A page counts the visits that include it, with their whole engaged time; other values the visit's first view's.
        if (dimension === "page" || view === first) {
          c.visits++;
          c.bounces += bounce;
          c.engagedMs += engaged;
        }
      }
    }
  }
  const pageViews = new Map<string, number>();
  const pageVisitors = new Map<string, number>();
  const source = new Map<string, number>();
  for (const [key, c] of cells) {
    const [dimension, value] = key.split("|") as [string, string];
    if (dimension === "page") {
      pageViews.set(value, c.views);
      pageVisitors.set(value, c.visitors.size);
    }
    if (dimension === "source") source.set(value, c.views);
  }
  return { days, total, cells, entries, exits, source, pageViews, pageVisitors };
}

export type SyntheticShape = { views: number; days: number; paths: number; sources: number; countries: number; now: number; seed: number };
type NewView = Omit<Doc<"pageViews">, "_id" | "_creationTime" | "commitTs">;

/**
 * Views as recordPageView would have stored them (visit fields included),
 * generated without going through the mutation, for scale tests and the
 * benchmark: visits of one to four views, a new session for half the visits.
 */
export function syntheticViews(shape: SyntheticShape): NewView[] {
  const rand = prng(shape.seed);
  const out: NewView[] = [];
  const step = (shape.days * 86_400_000) / shape.views;
  const lastOf = new Map<number, NewView>();
  const lastOfPath = new Map<string, number>();
  let sessions = 0;
  let ts = shape.now - shape.days * 86_400_000;
  while (out.length < shape.views) {
    const session = sessions === 0 || rand() < 0.5 ? sessions++ : Math.floor(rand() * sessions);
    const sid = sessionId(session + 1);
    const source = Math.floor(rand() * rand() * (shape.sources + 1));
    const context = {
      referrerHost: source === 0 ? undefined : `source-${source}.example`,
      utmSource: source % 7 === 1 ? `utm-${source % 50}` : undefined,
      device: (["mobile", "tablet", "laptop", "desktop"] as const)[session % 4],
      browser: ["Chrome", "Firefox", "Safari", "Edge"][session % 4],
      os: ["Android", "iOS", "Windows", "macOS", "Linux"][session % 5],
      country: `C${String.fromCharCode(65 + (session % shape.countries) % 26)}${String.fromCharCode(65 + Math.floor((session % shape.countries) / 26))}`,
    };
    const length = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < length && out.length < shape.views; i++) {
      const path = `/p-${Math.floor(rand() * rand() * shape.paths)}`;
      const pathKey = `${session}|${path}`;
      const lastPathTs = lastOfPath.get(pathKey);
      if (lastPathTs !== undefined && ts - lastPathTs < 30 * 60_000) continue;
      const latest = lastOf.get(session);
      const continues = latest !== undefined && ts - latest.timestamp < 30 * 60_000;
      const view: NewView = continues
        ? {
            ...latest,
            path,
            timestamp: ts,
            newVisitor: false,
            prevTs: latest.timestamp,
            prevPath: latest.path,
            prevPathTs: lastPathTs,
            clearsBounce: latest.visitStart === latest.timestamp ? true : undefined,
          }
        : {
            path,
            pageType: "blog",
            sessionId: sid,
            timestamp: ts,
            newVisitor: latest === undefined,
            ...context,
            entryPath: path,
            visitStart: ts,
            prevTs: latest?.timestamp,
            prevPathTs: lastPathTs,
          };
      out.push(view);
      lastOf.set(session, view);
      lastOfPath.set(pathKey, ts);
      ts += Math.max(1, Math.floor(step * 2 * rand() * 0.3));
    }
    ts += Math.floor(step * 2 * rand() * length);
  }
  return out;
}

type NewEngagement = Omit<Doc<"engagements">, "_id" | "_creationTime" | "commitTs">;

/**
 * One engagement report per generated view, as recordEngagement would store it
 * had each come before the visit's next view: it lists the visit's pages so
 * far, and a view first of its path in its visit carries the visit's engaged
 * time reported before it (issue 18's page-filter visit time).
 */
export function withReports(views: NewView[], seed: number): { views: NewView[]; engagements: NewEngagement[] } {
  const rand = prng(seed);
  const visits = new Map<string, { paths: string[]; engagedMs: number }>();
  const out: NewView[] = [];
  const engagements: NewEngagement[] = [];
  for (const view of views) {
    const key = `${view.sessionId}|${view.visitStart}`;
    const visit = visits.get(key) ?? { paths: [], engagedMs: 0 };
    visits.set(key, visit);
    const first = !visit.paths.includes(view.path);
    out.push(first && visit.engagedMs > 0 ? { ...view, visitEngagedMs: visit.engagedMs } : view);
    if (first) visit.paths.push(view.path);
    const engagedMs = 1_000 + Math.floor(rand() * 60_000);
    visit.engagedMs += engagedMs;
    const { referrerHost, source, channel, utmSource, utmMedium, utmCampaign, device, browser, os, country, entryPath } = view;
    engagements.push({
      path: view.path,
      sessionId: view.sessionId,
      timestamp: view.timestamp,
      sentAt: view.timestamp + engagedMs,
      engagedMs,
      visitStart: view.visitStart,
      clearsBounce: false,
      completes: false,
      visitPaths: [view.path, ...visit.paths.filter((path) => path !== view.path)],
      ...{ referrerHost, source, channel, utmSource, utmMedium, utmCampaign, device, browser, os, country, entryPath },
    });
  }
  return { views: out, engagements };
}

/** Inserts generated views `perCommit` to a transaction. */
export async function seedNewViews(t: StatsTest, views: NewView[], perCommit = 2_000, onProgress?: (done: number) => void) {
  for (let i = 0; i < views.length; i += perCommit) {
    const chunk = views.slice(i, i + perCommit);
    await t.run(async (ctx) => {
      for (const view of chunk) await ctx.db.insert("pageViews", { ...view, commitTs: ctx.db.vars.commitTs });
    });
    onProgress?.(Math.min(i + perCommit, views.length));
  }
}

/**
 * Stores a fold as the rollup's chain of runs would leave it, with plain
 * inserts (convex-test scans a whole table per index query, which makes
 * hundreds of real runs too slow for large seeds), and moves the watermark
 * past every seeded view and engagement.
 */
export async function storeFold(t: StatsTest, fold: Fold, firstView: number, perCommit = 1_000): Promise<{ table: string; bytes: number }> {
  const docs: { table: "dashboardRollups" | "dashboardCells" | "dashboardVisitors"; doc: Record<string, unknown> }[] = [];
  for (const acc of fold.buckets.values()) {
    const key = { dimension: acc.dimension, period: acc.period, start: acc.start };
    docs.push({ table: "dashboardRollups", doc: { ...key, packed: packBucketRows(mergeRows([], acc.rows.values())) } });
    if (acc.dimension !== "exit") for (const row of acc.rows.values()) docs.push({ table: "dashboardCells", doc: { ...key, ...row } });
    for (const [value, set] of acc.visitors) docs.push({ table: "dashboardVisitors", doc: { ...key, value, ...toStored(set) } });
  }
  // Roughly what Convex stores: the JSON text, binary fields by their length.
  const sizeOf = (doc: Record<string, unknown>) =>
    JSON.stringify(doc, (_k, v: unknown) => (v instanceof ArrayBuffer ? "x".repeat(v.byteLength) : v)).length;
  let largest = { table: "", bytes: 0 };
  for (const { table, doc } of docs) {
    const bytes = sizeOf(doc);
    if (bytes > largest.bytes) largest = { table, bytes };
  }
  for (let i = 0; i < docs.length; i += perCommit) {
    await t.run(async (ctx) => {
      for (const { table, doc } of docs.slice(i, i + perCommit)) await ctx.db.insert(table, doc as never);
    });
  }
  await t.run(async (ctx) => {
    const lastView = await ctx.db.query("pageViews").withIndex("by_commitTs").order("desc").first();
    const lastEngagement = await ctx.db.query("engagements").withIndex("by_commitTs").order("desc").first();
    const next = {
      viewsWatermark: (lastView?.commitTs as bigint | undefined) ?? null,
      engagementsWatermark: (lastEngagement?.commitTs as bigint | undefined) ?? null,
      timeZone: siteTimeZone(),
      firstView,
      lastRunAt: null,
      chainUntil: null,
    };
    const state = await ctx.db.query("dashboardRollupState").first();
    if (state === null) await ctx.db.insert("dashboardRollupState", next);
    else await ctx.db.replace("dashboardRollupState", state._id, next);
  });
  return largest;
}
