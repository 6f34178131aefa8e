// Shared by the dashboard tests: a deterministic traffic scenario played
// through the real mutations, and an independent brute-force count of the
// stored events to check the rollup against. Not a Convex module.
import { api } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
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
const SOURCE_NAMES: Record<string, string> = { "news.ycombinator.com": "Hacker News", "t.co": "X" };
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

type DayCount = { views: number; visitors: Set<string>; visits: number; bounces: number; engagedMs: number };

/**
 * Counts straight from the stored events, by the written definitions: a visit
 * is a session's views with gaps under 30 minutes; a bounce is a visit with one
 * view and under 10 s engaged; days are the zone's calendar days.
 */
export function bruteForce(
  allViews: Doc<"pageViews">[],
  allEngagements: Doc<"engagements">[],
  timeZone: string,
  inRange: (ts: number) => boolean = () => true,
) {
  const dayOf = (ts: number) => new Intl.DateTimeFormat("en-CA", { timeZone }).format(ts);
  const everything = [...allViews].sort((a, b) => a.timestamp - b.timestamp);
  const sorted = everything.filter((v) => inRange(v.timestamp));
  const engagements = allEngagements.filter((e) => inRange(e.timestamp));
  const engagedOf = new Map<string, number>();
  for (const e of engagements) {
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
  const days = new Map<string, DayCount>();
  const day = (key: string) => {
    let d = days.get(key);
    if (d === undefined) {
      d = { views: 0, visitors: new Set(), visits: 0, bounces: 0, engagedMs: 0 };
      days.set(key, d);
    }
    return d;
  };
  for (const view of sorted) {
    const d = day(dayOf(view.timestamp));
    d.views++;
    d.visitors.add(view.sessionId);
  }
  for (const e of engagements) day(dayOf(e.timestamp)).engagedMs += e.engagedMs;
  const entries = new Map<string, number>();
  const exits = new Map<string, number>();
  const source = new Map<string, number>();
  for (const whole of visits) {
    // A visit counts where it starts; its views and exits where they happen.
    const visit = whole.filter((v) => inRange(v.timestamp));
    if (visit.length === 0) continue;
    const first = whole[0]!;
    if (inRange(first.timestamp)) {
      const d = day(dayOf(first.timestamp));
      d.visits++;
      if (whole.length === 1 && (engagedOf.get(`${first.sessionId}|${first.timestamp}`) ?? 0) < 10_000) d.bounces++;
      entries.set(first.path, (entries.get(first.path) ?? 0) + 1);
    }
    const last = visit[visit.length - 1]!;
    exits.set(last.path, (exits.get(last.path) ?? 0) + 1);
    const named = first.referrerHost !== undefined ? SOURCE_NAMES[first.referrerHost]! : (first.utmSource ?? "");
    source.set(named, (source.get(named) ?? 0) + visit.length);
  }
  const pageViews = new Map<string, number>();
  const pageVisitors = new Map<string, Set<string>>();
  for (const view of sorted) {
    pageViews.set(view.path, (pageViews.get(view.path) ?? 0) + 1);
    const set = pageVisitors.get(view.path) ?? new Set<string>();
    set.add(`${dayOf(view.timestamp)}|${view.sessionId}`);
    pageVisitors.set(view.path, set);
  }
  return {
    days,
    visitors: new Set(sorted.map((v) => v.sessionId)).size,
    entries,
    exits,
    source,
    pageViews,
    /** Visitors per page counted once per day, as the panels add them up. */
    pageVisitorDays: new Map([...pageVisitors].map(([path, set]) => [path, set.size])),
  };
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
