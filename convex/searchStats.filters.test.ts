// The Searches panel under a /stats filter: each search is counted under
// each attribute of its visit (aggregate, no session id), and the panel is
// compared with a brute-force count over the searchers' stored views.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { FIELD_OF } from "./dashboard.fold";
import { FILTER_DIMENSIONS, latestViewBySession, page, post, seedContent, sessionId, variedContext, type StatsTest } from "./stats.fixtures";
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

function expected(searches: Search[], visits: Map<string, Doc<"pageViews">>, filter: StatsFilter) {
  const rows = new Map<string, { term: string; searches: number; zeroResults: number; opens: number }>();
  for (const search of searches) {
    const visit = visits.get(search.sid)!;
    const field = FIELD_OF[filter.dimension];
    if ((field === "path" ? search.on : (visit[field] ?? "")) !== filter.value) continue;
    const row = rows.get(search.term) ?? { term: search.term, searches: 0, zeroResults: 0, opens: 0 };
    row.searches += 1;
    row.zeroResults += search.results === 0 ? 1 : 0;
    row.opens += search.opened ? 1 : 0;
    rows.set(search.term, row);
  }
  return [...rows.values()].sort((a, b) => a.term.localeCompare(b.term));
}

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
    const want = expected(searches, visits, filter);
    const total = want.reduce((sum, row) => sum + row.searches, 0);
    expect(total, "the filter narrows").toBeGreaterThan(0);
    expect(total, "the filter narrows").toBeLessThan(searches.length);
    const report = await terms(t, [filter]);
    expect(shown(report)).toEqual(want);
    expect(report.filteredBy).toEqual(filter);
    expect(report.contextFrom).toBeUndefined();
  });

  test("two filters: the rows follow the first, and say so", async () => {
    const t = initConvexTest();
    const searches = await play(t);
    const visits = await latestViewBySession(t);
    const filters: StatsFilter[] = [
      { dimension: "device", value: "mobile" },
      { dimension: "country", value: "FR" },
    ];
    const report = await terms(t, filters);
    expect(report.filteredBy).toEqual(filters[0]);
    expect(shown(report)).toEqual(expected(searches, visits, filters[0]!));
  });

  test("no session id is stored, and a search with no visit counts as unknown", async () => {
    const t = initConvexTest();
    await seedContent(t, { posts: [post("hello", "Hello")] });
    await t.mutation(api.searchStats.recordSearch, { term: "lonely", results: 0 });
    await t.mutation(api.searchStats.recordSearch, { term: "lonely", results: 0, sessionId: sessionId(9) });
    expect(shown(await terms(t, [{ dimension: "country", value: "" }]))).toEqual([{ term: "lonely", searches: 2, zeroResults: 2, opens: 0 }]);
    const stored = await t.run((ctx) => ctx.db.query("searchTermContexts").collect());
    expect(stored).toHaveLength(12);
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
