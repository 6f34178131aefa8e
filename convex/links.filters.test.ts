// The link panels under every /stats filter: each event keeps its visit's
// context, and the panel is compared with a brute-force count that takes each
// event's visit from the stored views.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { MAX_FILTERED_LINK_EVENTS } from "./constants";
import { FIELD_OF } from "./dashboard.fold";
import { FILTER_DIMENSIONS, latestViewBySession, page, post, seedContent, sessionId, variedContext, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { LinkKind, LinkReport, StatsDimension, StatsFilter } from "./validators";

const START = Date.UTC(2025, 0, 15, 12);
const REFERRERS = ["news.ycombinator.com", "www.google.com", undefined];
const READERS = 7;

type Recorded = { sid: string; kind: LinkKind; key: string; path: string };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

const contextOf = (i: number) => variedContext(i, REFERRERS);

/** Each reader enters at /hello or /about, hits a missing path, clicks out from /other and downloads a file. */
async function play(t: StatsTest): Promise<Recorded[]> {
  await seedContent(t, { posts: [post("hello", "Hello"), post("other", "Other")], pages: [page("about", "About")] });
  const recorded: Recorded[] = [];
  for (let i = 0; i < READERS; i++) {
    const sid = sessionId(i + 1);
    const view = (path: string) => t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sid, context: contextOf(i) });
    const click = (url: string, from: string) => t.mutation(api.links.recordClick, { url, page: from, sessionId: sid });
    const step = () => vi.advanceTimersByTime(30_000);
    await view(i % 2 === 0 ? "/hello" : "/about");
    step();
    const missing = `/gone-${i % 3}`;
    await view(missing);
    recorded.push({ sid, kind: "notFound", key: missing, path: missing });
    step();
    await view("/other");
    step();
    const url = `https://github.com/p${i % 2}`;
    await click(url, "/other");
    recorded.push({ sid, kind: "outbound", key: url, path: "/other" });
    step();
    await click("/files/talk.pdf", "/hello");
    recorded.push({ sid, kind: "download", key: "/files/talk.pdf", path: "/hello" });
    step();
  }
  return recorded;
}

function expected(recorded: Recorded[], visits: Map<string, Doc<"pageViews">>, kind: LinkKind, filters: StatsFilter[]) {
  const rows = new Map<string, { count: number; visitors: Set<string> }>();
  for (const event of recorded) {
    if (event.kind !== kind) continue;
    const visit = visits.get(event.sid)!;
    const ok = filters.every((f) => {
      const field = FIELD_OF[f.dimension];
      return (field === "path" ? event.path : (visit[field] ?? "")) === f.value;
    });
    if (!ok) continue;
    const row = rows.get(event.key) ?? { count: 0, visitors: new Set<string>() };
    row.count += 1;
    row.visitors.add(event.sid);
    rows.set(event.key, row);
  }
  return [...rows].map(([value, row]) => ({ value, count: row.count, visitors: row.visitors.size })).sort((a, b) => a.value.localeCompare(b.value));
}

const shown = (report: LinkReport) =>
  report.rows.map(({ value, count, visitors }) => ({ value, count, visitors })).sort((a, b) => a.value.localeCompare(b.value));

const report = (t: StatsTest, kind: LinkKind, filters: StatsFilter[]) =>
  t.query(api.links.report, { range: "7d", anchor: Date.now(), filters, kind, groupBy: "key" });

/** A value of the dimension that some events have and some don't. */
function valueFor(dimension: StatsDimension, visits: Map<string, Doc<"pageViews">>): string {
  const field = FIELD_OF[dimension];
  if (field === "path") return dimension === "exit" ? "/other" : "/hello";
  const first = visits.get(sessionId(1))!;
  return first[field] ?? "";
}

describe("link panels follow every filter", () => {
  test.each(FILTER_DIMENSIONS)("%s: each kind matches a brute-force count over the events' visits", async (dimension) => {
    const t = initConvexTest({ transactionLimits: true });
    const recorded = await play(t);
    const visits = await latestViewBySession(t);
    const value = valueFor(dimension, visits);
    const filters: StatsFilter[] = [{ dimension, value }];
    let matched = 0;
    for (const kind of ["notFound", "outbound", "download"] as const) {
      const result = await report(t, kind, filters);
      const want = expected(recorded, visits, kind, filters);
      matched += want.reduce((sum, row) => sum + row.count, 0);
      expect(shown(result), `${dimension}=${value} ${kind}`).toEqual(want);
      expect(result.sample).toBeUndefined();
      expect(result.contextFrom).toBeUndefined();
    }
    // The filter narrows: some events match, not all.
    expect(matched).toBeGreaterThan(0);
    expect(matched).toBeLessThan(recorded.length);
  });

  test("two filters together narrow to the events matching both", async () => {
    const t = initConvexTest();
    const recorded = await play(t);
    const visits = await latestViewBySession(t);
    const filters: StatsFilter[] = [
      { dimension: "device", value: "mobile" },
      { dimension: "country", value: "FR" },
    ];
    for (const kind of ["notFound", "outbound", "download"] as const) {
      const want = expected(recorded, visits, kind, filters);
      expect(want.length, kind).toBeGreaterThan(0);
      expect(shown(await report(t, kind, filters)), kind).toEqual(want);
    }
  });

  test("link goals follow the filters too", async () => {
    const t = initConvexTest({ transactionLimits: true });
    const recorded = await play(t);
    const visits = await latestViewBySession(t);
    const filters: StatsFilter[] = [{ dimension: "country", value: "FR" }];
    const goals = await t.query(api.goals.report, { range: "7d", anchor: Date.now(), filters });
    for (const [id, kind] of [["github", "outbound"], ["download", "download"]] as const) {
      const rows = expected(recorded, visits, kind, filters);
      const sessions = new Set(recorded.filter((e) => e.kind === kind && visits.get(e.sid)!.country === "FR").map((e) => e.sid));
      expect(goals.goals.find((g) => g.id === id), id).toMatchObject({
        conversions: rows.reduce((sum, row) => sum + row.count, 0),
        visitors: sessions.size,
        approximate: false,
      });
      expect(sessions.size).toBeLessThan(READERS);
    }
  });

  test("a click with no session, or long after its visit, counts as Direct / unknown", async () => {
    const t = initConvexTest();
    await seedContent(t, { posts: [post("hello", "Hello")] });
    await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: sessionId(1), context: { country: "FR" } });
    vi.advanceTimersByTime(31 * 60_000);
    await t.mutation(api.links.recordClick, { url: "https://a.example/", page: "/hello", sessionId: sessionId(1) });
    await t.mutation(api.links.recordClick, { url: "https://b.example/", page: "/hello" });
    expect(shown(await report(t, "outbound", [{ dimension: "country", value: "FR" }]))).toEqual([]);
    expect(shown(await report(t, "outbound", [{ dimension: "country", value: "" }])).map((r) => r.value)).toEqual(["https://a.example/", "https://b.example/"]);
    const stored = await t.run((ctx) => ctx.db.query("linkEvents").collect());
    // The visitor's hash only: no session id is kept.
    expect(stored.every((event) => !JSON.stringify(event).includes(sessionId(1)))).toBe(true);
  });

  test("events from before the context was kept are left out, and the panel says from when", async () => {
    const t = initConvexTest();
    await seedContent(t, { posts: [post("hello", "Hello")] });
    // An old click: only its day document exists.
    await t.run((ctx) =>
      ctx.db.insert("linkDays", { kind: "outbound", day: Date.UTC(2025, 0, 12), key: "https://old.example/", host: "old.example", from: "/hello", fromKind: "page", count: 3, visitorsFull: false }),
    );
    await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: sessionId(1), context: { country: "FR" } });
    await t.mutation(api.links.recordClick, { url: "https://new.example/", page: "/hello", sessionId: sessionId(1) });
    const filtered = await report(t, "outbound", [{ dimension: "country", value: "FR" }]);
    expect(shown(filtered)).toEqual([{ value: "https://new.example/", count: 1, visitors: 1 }]);
    expect(filtered.contextFrom).toBe(START);
    // A page filter alone still reads the day documents, old clicks included.
    const paged = await report(t, "outbound", [{ dimension: "page", value: "/hello" }]);
    expect(paged.rows.map((r) => r.value).sort()).toEqual(["https://new.example/", "https://old.example/"]);
    expect(paged.contextFrom).toBeUndefined();
  });

  test("missing-page views from before events kept their context are read from the views, which have it", async () => {
    const t = initConvexTest({ transactionLimits: true });
    await seedContent(t, { posts: [post("hello", "Hello")] });
    const old = { pageType: "notFound" as const, newVisitor: true, timestamp: START - 86_400_000, commitTs: 1n };
    await t.run(async (ctx) => {
      await ctx.db.insert("pageViews", { ...old, path: "/gone-old", sessionId: sessionId(7), country: "FR", source: "Hacker News", visitStart: old.timestamp });
      await ctx.db.insert("pageViews", { ...old, path: "/gone-old", sessionId: sessionId(8), country: "DE", visitStart: old.timestamp });
    });
    await t.mutation(api.stats.recordPageView, { path: "/gone-new", pageType: "blog", sessionId: sessionId(1), context: { country: "FR" } });
    const result = await report(t, "notFound", [{ dimension: "country", value: "FR" }]);
    expect(shown(result)).toEqual([
      { value: "/gone-new", count: 1, visitors: 1 },
      { value: "/gone-old", count: 1, visitors: 1 },
    ]);
    expect(result.rows.find((r) => r.value === "/gone-old")?.froms).toEqual([{ from: "Hacker News", fromKind: "source", count: 1 }]);
    expect(result.contextFrom).toBeUndefined();
    expect(result.sample).toBeUndefined();
  });

  test("Not found over more older views than the cap: a marked sample of the latest, within Convex's limits", async () => {
    const t = initConvexTest({ transactionLimits: true });
    const total = MAX_FILTERED_LINK_EVENTS + 500;
    for (let done = 0; done < total; done += 1_000) {
      await t.run(async (ctx) => {
        for (let i = done; i < Math.min(total, done + 1_000); i++) {
          const timestamp = START - 3 * 86_400_000 + i * 1_000;
          // One view in ten is of a missing path.
          await ctx.db.insert("pageViews", {
            path: i % 10 === 0 ? `/gone-${i % 30}` : "/hello", pageType: i % 10 === 0 ? "notFound" : "blog",
            sessionId: sessionId(i + 1), newVisitor: true, timestamp, commitTs: BigInt(i + 1), visitStart: timestamp, country: "FR",
          });
        }
      });
    }
    const result = await report(t, "notFound", [{ dimension: "country", value: "FR" }]);
    expect(result.sample?.events).toBe(MAX_FILTERED_LINK_EVENTS / 10);
    expect(result.rows.reduce((sum, row) => sum + row.count, 0)).toBe(MAX_FILTERED_LINK_EVENTS / 10);
  }, 120_000);

  test(`past ${MAX_FILTERED_LINK_EVENTS} matching events, the latest are counted and marked as a sample, within Convex's limits`, async () => {
    const t = initConvexTest({ transactionLimits: true });
    const total = MAX_FILTERED_LINK_EVENTS + 500;
    for (let done = 0; done < total; done += 1_000) {
      await t.run(async (ctx) => {
        for (let i = done; i < Math.min(total, done + 1_000); i++) {
          await ctx.db.insert("linkEvents", {
            kind: "outbound", key: `https://h${i % 50}.example/`, host: `h${i % 50}.example`, from: "/hello", fromKind: "page",
            path: "/hello", timestamp: START - 3 * 86_400_000 + i * 1_000, visitor: i, country: "FR",
          });
        }
      });
    }
    const result = await report(t, "outbound", [{ dimension: "country", value: "FR" }]);
    expect(result.sample?.events).toBe(MAX_FILTERED_LINK_EVENTS);
    expect(result.rows.reduce((sum, row) => sum + row.count, 0)).toBe(MAX_FILTERED_LINK_EVENTS);
  }, 120_000);
});
