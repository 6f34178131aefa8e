// The Searches panel under /stats filters: each search is counted under its
// day, term and whole visit (aggregate, no session id), and the panel is
// compared with a brute-force count over the searchers' stored views.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { FIELD_OF } from "./dashboard.fold";
import { MAX_INSIGHT_DOCS } from "./constants";
import { recordOpen, recordSearch } from "./searchStats";
import { FILTER_DIMENSIONS, latestViewBySession, measureMutation, page, post, seedContent, sessionId, variedContext, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { SearchTerms, StatsFilter } from "./validators";

const START = Date.UTC(2025, 0, 15, 12);
const READERS = 6;
type Search = { sid: string; term: string; results: number; on: string; opened: boolean };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

const contextOf = (i: number) => variedContext(i, [undefined, "news.ycombinator.com", "www.google.com"]);

async function play(t: StatsTest): Promise<Search[]> {
  await seedContent(t, { posts: [post("hello", "Hello"), post("other", "Other")], pages: [page("about", "About")] });
  const searches: Search[] = [];
  for (let i = 0; i < READERS; i++) {
    const sid = sessionId(i + 1);
    const entry = i % 2 === 0 ? "/hello" : "/about";
    await t.mutation(api.stats.recordPageView, { path: entry, pageType: "blog", sessionId: sid, context: contextOf(i) });
    vi.advanceTimersByTime(20_000);
    const on = i % 3 === 0 ? entry : "/other";
    if (on !== entry) await t.mutation(api.stats.recordPageView, { path: on, pageType: "blog", sessionId: sid, context: contextOf(i) });
    for (const [term, results] of [["convex", 2], [i % 2 === 0 ? "kubernetes" : "hooks", 0]] as const) {
      await t.mutation(api.searchStats.recordSearch, { term, results, sessionId: sid });
      const opened = results > 0 && i % 2 === 1;
      if (opened) await t.mutation(api.searchStats.recordOpen, { term, slug: "hello", sessionId: sid });
      searches.push({ sid, term, results, on, opened });
    }
    vi.advanceTimersByTime(20_000);
  }
  return searches;
}

/** What every filter keeps, counted from the searches themselves and the searchers' stored views. */
function expected(searches: Search[], visits: Map<string, Doc<"pageViews">>, filters: StatsFilter[]) {
  const rows = new Map<string, { term: string; searches: number; zeroResults: number; opens: number }>();
  for (const search of searches) {
    const visit = visits.get(search.sid)!;
    const kept = filters.every((filter) => {
      const field = FIELD_OF[filter.dimension];
      return (field === "path" ? search.on : (visit[field] ?? "")) === filter.value;
    });
    if (!kept) continue;
    const row = rows.get(search.term) ?? { term: search.term, searches: 0, zeroResults: 0, opens: 0 };
    row.searches += 1;
    row.zeroResults += search.results === 0 ? 1 : 0;
    row.opens += search.opened ? 1 : 0;
    rows.set(search.term, row);
  }
  return [...rows.values()].sort((a, b) => a.term.localeCompare(b.term));
}

const total = (rows: { searches: number }[]) => rows.reduce((sum, row) => sum + row.searches, 0);

const shown = (report: SearchTerms) =>
  report.rows.map(({ term, searches, zeroResults, opens }) => ({ term, searches, zeroResults, opens })).sort((a, b) => a.term.localeCompare(b.term));

const terms = (t: StatsTest, filters: StatsFilter[]) => t.query(api.searchStats.terms, { range: "7d", anchor: Date.now(), filters });

describe("searches follow a filter", () => {
  test.each(FILTER_DIMENSIONS)("%s: matches a brute-force count over the searchers' visits", async (dimension) => {
    const t = initConvexTest({ transactionLimits: true });
    const searches = await play(t);
    const visits = await latestViewBySession(t);
    const first = visits.get(sessionId(2))!;
    const field = FIELD_OF[dimension];
    // The page a reader searched on (exit is answered as that page).
    const value = field === "path" ? "/other" : (first[field] ?? "");
    const filter = { dimension, value };
    const want = expected(searches, visits, [filter]);
    expect(total(want), "the filter narrows").toBeGreaterThan(0);
    expect(total(want), "the filter narrows").toBeLessThan(searches.length);
    const report = await terms(t, [filter]);
    expect(shown(report)).toEqual(want);
    expect(report.sample).toBeUndefined();
    expect(report.contextFrom).toBeUndefined();
  });

  // Each set narrows what its first filter alone keeps, and some end empty.
  const COMBINED: StatsFilter[][] = [
    [{ dimension: "device", value: "mobile" }, { dimension: "country", value: "FR" }],
    [{ dimension: "country", value: "DE" }, { dimension: "device", value: "desktop" }],
    [{ dimension: "browser", value: "Chrome" }, { dimension: "device", value: "mobile" }, { dimension: "country", value: "US" }],
    [{ dimension: "exit", value: "/other" }, { dimension: "sourceHost", value: "www.google.com" }, { dimension: "utmSource", value: "letter" }],
    [{ dimension: "entry", value: "/about" }, { dimension: "os", value: "iOS" }],
  ];

  test.each(COMBINED.map((filters) => [filters.map((f) => `${f.dimension}=${f.value}`).join(" & "), filters] as const))(
    "%s: every filter applies, as a brute-force count over the searchers' visits",
    async (_name, filters) => {
      const t = initConvexTest({ transactionLimits: true });
      const searches = await play(t);
      const visits = await latestViewBySession(t);
      const want = expected(searches, visits, filters);
      expect(total(want), "the filters narrow the first one's searches").toBeLessThan(total(expected(searches, visits, filters.slice(0, 1))));
      const report = await terms(t, filters);
      expect(shown(report)).toEqual(want);
      expect(report.sample).toBeUndefined();
    },
  );

  test("no session id is stored, and a search with no visit counts as unknown", async () => {
    const t = initConvexTest();
    await seedContent(t, { posts: [post("hello", "Hello")] });
    await t.mutation(api.searchStats.recordSearch, { term: "lonely", results: 0 });
    await t.mutation(api.searchStats.recordSearch, { term: "lonely", results: 0, sessionId: sessionId(9) });
    expect(shown(await terms(t, [{ dimension: "country", value: "" }]))).toEqual([{ term: "lonely", searches: 2, zeroResults: 2, opens: 0 }]);
    const stored = await t.run((ctx) => ctx.db.query("searchTermVisits").collect());
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(sessionId(9));
  });

  test("searches from before they kept their visit's attributes are left out, and the panel says from which day", async () => {
    const t = initConvexTest();
    await t.run((ctx) => ctx.db.insert("searchTerms", { term: "old", day: Date.UTC(2025, 0, 12), searches: 4, zeroResults: 0, results: 3, opens: 0, opened: [] }));
    await t.mutation(api.stats.recordPageView, { path: "/", pageType: "page", sessionId: sessionId(1), context: { country: "FR" } });
    await t.mutation(api.searchStats.recordSearch, { term: "new", results: 1, sessionId: sessionId(1) });
    const report = await terms(t, [{ dimension: "country", value: "FR" }]);
    expect(report.rows.map((r) => r.term)).toEqual(["new"]);
    expect(report.contextFrom).toBe(Date.UTC(2025, 0, 15));
    expect((await terms(t, [])).rows.map((r) => r.term).sort()).toEqual(["new", "old"]);
  });
});

describe("what a search costs", () => {
  test("a search and an open each read and write one document of the term's day and visit", async () => {
    const t = initConvexTest({ transactionLimits: true });
    await seedContent(t, { posts: [post("hello", "Hello")] });
    const sid = sessionId(1);
    await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: sid, context: contextOf(0) });
    const first = await measureMutation(t, recordSearch, { term: "convex", results: 2, sessionId: sid });
    const again = await measureMutation(t, recordSearch, { term: "convex", results: 0, sessionId: sid });
    const open = await measureMutation(t, recordOpen, { term: "convex", slug: "hello", sessionId: sid });
    // The visit (1), the term's day (1), the term's day and visit (1).
    // The visit; then the term's day and its day-and-visit document, each found and patched (a patch reads it again).
    expect(first.usage.documentsRead).toBe(1);
    expect(again.usage.documentsRead).toBe(5);
    for (const { usage } of [first, again]) expect(usage.documentsWritten).toBe(2);
    expect(open.usage.documentsWritten).toBe(2);
    const stored = await t.run((ctx) => ctx.db.query("searchTermVisits").collect());
    expect(stored.map(({ term, searches, zeroResults, results, opens, country, device, path }) => ({ term, searches, zeroResults, results, opens, country, device, path }))).toEqual([
      { term: "convex", searches: 2, zeroResults: 1, results: 0, opens: 1, country: "FR", device: "mobile", path: "/hello" },
    ]);
  });
});

describe("past one read", () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  const today = Date.UTC(2025, 0, 15);
  const PER_DAY = 900;
  const DAYS = 6;

  test("a filtered panel counts the latest whole days it read, marked as a sample from the first of them", async () => {
    const t = initConvexTest({ transactionLimits: true });
    await t.run(async (ctx) => {
      for (let d = 0; d < DAYS; d++) {
        for (let i = 0; i < PER_DAY; i++) {
          const visit = { path: "/hello", entryPath: "/hello", source: "", channel: "", referrerHost: "", utmSource: "", utmMedium: "", utmCampaign: "", device: i % 2 === 0 ? "mobile" : "desktop", browser: "", os: "", country: "FR" };
          await ctx.db.insert("searchTermVisits", { day: today - d * DAY_MS, term: "convex", visit: `${d}-${i}`, ...visit, searches: 1, zeroResults: 0, results: 1, opens: 0 });
        }
      }
    });
    expect(DAYS * PER_DAY).toBeGreaterThan(MAX_INSIGHT_DOCS);
    const report = await terms(t, [{ dimension: "country", value: "FR" }, { dimension: "device", value: "mobile" }]);
    // Newest first: days 0..4 fit (4,500 documents), day 5 was cut after 500 of its 900 and is left out.
    const wholeDays = Math.floor(MAX_INSIGHT_DOCS / PER_DAY);
    expect(report.sample).toEqual({ docs: MAX_INSIGHT_DOCS, from: today - (wholeDays - 1) * DAY_MS });
    expect(shown(report)).toEqual([{ term: "convex", searches: (wholeDays * PER_DAY) / 2, zeroResults: 0, opens: 0 }]);
    // Unfiltered, the term-day documents answer: nothing is sampled.
    expect((await terms(t, [])).sample).toBeUndefined();
  });

  test("one day past the cap is a sample of that day", async () => {
    const t = initConvexTest({ transactionLimits: true });
    await t.run(async (ctx) => {
      for (let i = 0; i < MAX_INSIGHT_DOCS + 10; i++) {
        const visit = { path: "/hello", entryPath: "/hello", source: "", channel: "", referrerHost: "", utmSource: "", utmMedium: "", utmCampaign: "", device: "", browser: "", os: "", country: "FR" };
        await ctx.db.insert("searchTermVisits", { day: today, term: "convex", visit: String(i), ...visit, searches: 1, zeroResults: 0, results: 1, opens: 0 });
      }
    });
    const report = await terms(t, [{ dimension: "country", value: "FR" }]);
    expect(report.sample).toEqual({ docs: MAX_INSIGHT_DOCS, from: today });
    expect(shown(report)).toEqual([{ term: "convex", searches: MAX_INSIGHT_DOCS, zeroResults: 0, opens: 0 }]);
  });
});
