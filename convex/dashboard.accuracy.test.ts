// Issue 18's cases, with Convex's transaction limits: returning readers count
// once in every panel row, and a filter that matches every view shows the
// same figures as no filter, at 1,200 visits (real mutations and rollup) and
// at 20,000 (seeded events, folded by the rollup's own fold); and under a
// filter on any page, on every range, visit duration is the whole visits'
// engaged time, whichever order reports and views arrive in.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { bruteForce, CELL_FIELDS, prng, storeFold, type CellDimension } from "./dashboard.fixtures";
import { Fold, foldViewOf, zoneBucketings } from "./dashboard.fold";
import { spanOf } from "./dashboard.range";
import { HOUR_RETENTION_MS } from "./dashboard.rollup";
import { bucketStart } from "./dashboard.time";
import { page, post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import { statsRange, type StatsDimension, type StatsFilter, type StatsRange, type VisitContext } from "./validators";

const ZONE = "America/New_York";
const MIN = 60_000;
const DAY = 86_400_000;
// Thursday 30 October 2025, 14:00 in New York; clocks go back on Sunday 2 November.
const START = Date.UTC(2025, 9, 30, 18);
const PATHS = ["/", "/hello", "/other", "/about"];

let t: StatsTest;
let now = START;
const setNow = (ts: number) => {
  now = ts;
  vi.setSystemTime(now);
};

beforeEach(async () => {
  vi.useFakeTimers();
  setNow(START);
  vi.stubEnv("SITE_TIME_ZONE", ZONE);
  t = initConvexTest({ transactionLimits: true });
  await seedContent(t, {
    posts: [{ ...post("hello", "Hello"), readTime: "1 min read" }, post("other", "Other")],
    pages: [page("about", "About")],
  });
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

async function foldEverything() {
  await t.mutation(internal.dashboard.rollup, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

const args = (range: StatsRange, filters: StatsFilter[] = []) => ({ range, anchor: bucketStart("hour", now, ZONE), filters });
const visitorsByValue = async (dimension: StatsDimension, range: StatsRange, filters: StatsFilter[] = []) =>
  new Map((await t.query(api.dashboard.breakdown, { ...args(range, filters), dimension })).rows.map((r) => [r.value, r.visitors]));

describe("60 readers who each come back on 5 days, from two sources", () => {
  test("count once in the headline and in every row of every panel, on every range", async () => {
    for (let day = 0; day < 5; day++) {
      for (let reader = 0; reader < 60; reader++) {
        setNow(START + day * DAY + reader * 5 * MIN);
        const context: VisitContext = {
          referrerHost: day % 2 === 0 ? "news.ycombinator.com" : "m.facebook.com",
          device: (["mobile", "tablet", "laptop", "desktop"] as const)[reader % 4],
          country: ["DE", "US", "IN"][reader % 3],
          browser: reader % 2 === 0 ? "Firefox" : "Chrome",
          os: "Linux",
        };
        const path = PATHS[(reader + day) % PATHS.length]!;
        await t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sessionId(reader + 1), context });
        if (reader % 2 === 0) await t.mutation(api.stats.recordEngagement, { sessionId: sessionId(reader + 1), path, engagedMs: 30_000 });
      }
    }
    setNow(START + 4 * DAY + 6 * 3_600_000);
    await foldEverything();
    const events = await t.run(async (ctx) => ({
      views: await ctx.db.query("pageViews").collect(),
      engagements: await ctx.db.query("engagements").collect(),
    }));
    expect(events.views).toHaveLength(300);
    const expected = bruteForce(events.views, events.engagements, ZONE);
    for (const range of ["7d", "30d", "12mo", "all"] as const) {
      const summary = await t.query(api.dashboard.summary, args(range));
      expect([range, summary.current.visitors, summary.current.visits, summary.current.views]).toEqual([range, 60, 300, 300]);
      expect(summary.visitorsApproximate).toBe(false);
      for (const [dimension] of Object.entries(CELL_FIELDS) as [CellDimension, string][]) {
        if (dimension === "entry") continue;
        const want = new Map(
          [...expected.cells].filter(([k]) => k.startsWith(`${dimension}|`)).map(([k, c]) => [k.slice(dimension.length + 1), c.visitors.size]),
        );
        expect([range, dimension, await visitorsByValue(dimension, range)]).toEqual([range, dimension, want]);
      }
    }
    // A reader who came from two sources counts once in each.
    expect(await visitorsByValue("source", "7d")).toEqual(new Map([["Hacker News", 60], ["Facebook", 60]]));
    expect([...(await visitorsByValue("device", "7d")).values()]).toEqual([15, 15, 15, 15]);
    // Each reader saw every page at least once over the 5 days.
    expect([...(await visitorsByValue("page", "7d")).values()].every((n) => n === 60)).toBe(true);
    // Under a filter, panel rows are distinct too.
    const filtered = await visitorsByValue("device", "7d", [{ dimension: "source", value: "Facebook" }]);
    expect([...filtered.values()]).toEqual([15, 15, 15, 15]);
  }, 120_000);
});

/** The figures a filter matching every view must share with no filter. */
async function expectSameAsUnfiltered(visits: number, filters: StatsFilter[], sampled: boolean) {
  const all = await t.query(api.dashboard.summary, args("7d"));
  expect(all.current).toMatchObject({ views: visits, visits, visitors: visits, bounceRate: 0, visitDurationMs: 30_000, viewsPerVisit: 1 });
  const filtered = await t.query(api.dashboard.summary, args("7d", filters));
  const label = filters.map((f) => `${f.dimension}=${f.value}`).join("&");
  if (!sampled) {
    expect([label, filtered.current]).toEqual([label, all.current]);
    expect(filtered.sampleVisits).toBeNull();
    return;
  }
  // A sample of whole visits, scaled to the first filter's exact views, says so.
  expect(filtered.sampleVisits).toBeGreaterThan(0);
  expect(filtered.catchingUp).toBe(false);
  expect(filtered.sampleVisits).toBeLessThan(visits);
  const { bounceRate, visitDurationMs, viewsPerVisit } = filtered.current;
  expect([label, bounceRate, Math.round(visitDurationMs), Math.round(viewsPerVisit * 100)]).toEqual([label, 0, 30_000, 100]);
  expect(Math.abs(filtered.current.views - visits)).toBeLessThanOrEqual(visits * 0.01);
}

describe("a filter that matches every view", () => {
  test("1,200 one-view visits engaged 30 s each: exact, bounce 0%, through the real mutations and rollup", async () => {
    for (let i = 0; i < 1_200; i++) {
      setNow(START + i * 3 * MIN);
      const sid = sessionId(i + 1);
      await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: sid, context: { device: "desktop", country: "DE" } });
      setNow(now + 30_000);
      await t.mutation(api.stats.recordEngagement, { sessionId: sid, path: "/hello", engagedMs: 30_000 });
    }
    setNow(now + 3_600_000);
    await foldEverything();
    for (const filter of [
      { dimension: "device", value: "desktop" },
      { dimension: "page", value: "/hello" },
      { dimension: "entry", value: "/hello" },
      { dimension: "source", value: "" },
    ] as StatsFilter[]) {
      await expectSameAsUnfiltered(1_200, [filter], false);
    }
    await expectSameAsUnfiltered(1_200, [{ dimension: "device", value: "desktop" }, { dimension: "country", value: "DE" }], true);
  }, 300_000);

  test("20,000 one-view visits: exact, each query within Convex's limits", async () => {
    const count = 20_000;
    // Nothing here reads the clock, and convex-test is much slower at this size under fake timers.
    vi.useRealTimers();
    const first = START - 5 * DAY;
    const [hour, day, month] = zoneBucketings(["hour", "day", "month"], ZONE);
    const fold = new Fold([{ ...hour!, keepFrom: now - HOUR_RETENTION_MS }, day!, month!]);
    for (let from = 0; from < count; from += 5_000) {
      await t.run(async (ctx) => {
        for (let i = from; i < Math.min(count, from + 5_000); i++) {
          const timestamp = first + Math.floor((i * 5 * DAY) / count);
          const dims = { device: "desktop" as const, country: "DE", entryPath: "/hello" };
          const sid = sessionId(i + 1);
          const commitTs = ctx.db.vars.commitTs;
          const view = { path: "/hello", pageType: "blog" as const, sessionId: sid, timestamp, newVisitor: true, ...dims, visitStart: timestamp };
          await ctx.db.insert("pageViews", { ...view, commitTs });
          fold.addView(foldViewOf(view as Doc<"pageViews">));
          const engagement = { path: "/hello", sessionId: sid, timestamp, sentAt: timestamp + 30_000, engagedMs: 30_000, visitStart: timestamp, clearsBounce: true, completes: false, ...dims };
          await ctx.db.insert("engagements", { ...engagement, commitTs });
          fold.addEngagement(engagement);
        }
      });
    }
    await storeFold(t, fold, first);
    for (const filter of [
      { dimension: "device", value: "desktop" },
      { dimension: "page", value: "/hello" },
      { dimension: "country", value: "DE" },
    ] as StatsFilter[]) {
      await expectSameAsUnfiltered(count, [filter], false);
    }
    await expectSameAsUnfiltered(count, [{ dimension: "device", value: "desktop" }, { dimension: "page", value: "/hello" }], true);
  }, 300_000);
});

describe("a page filter's visit duration, every page and range", () => {
  /**
   * Visits of one to four pages over two weeks across the DST change, some
   * across midnight, from 25 returning readers; each view's reports (one or
   * two) arrive before the next view, after it, or at the visit's end.
   */
  async function playVisits(days: number, perDay: number, rand: () => number) {
    const from = now;
    for (let day = 0; day < days; day++) {
      for (let n = 0; n < perDay; n++) {
        // 08:00 to 23:55 New York time (UTC-4 or -5), the last visit of a day often past midnight.
        setNow(from + day * DAY + 12 * 3_600_000 + Math.floor(((n + rand()) / perDay) * 16 * 3_600_000));
        const sid = sessionId(1 + Math.floor(rand() * 25));
        const pages = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => PATHS[Math.floor(rand() * PATHS.length)]!);
        const late: (() => Promise<unknown>)[] = [];
        let pending: (() => Promise<unknown>)[] = [];
        for (const path of pages) {
          await t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sid, context: { device: "desktop" } });
          for (const run of pending) await run();
          pending = [];
          const reports = Array.from({ length: rand() < 0.3 ? 2 : rand() < 0.8 ? 1 : 0 }, () => {
            const engagedMs = Math.floor(rand() * 40_000);
            return () => t.mutation(api.stats.recordEngagement, { sessionId: sid, path, engagedMs });
          });
          setNow(now + 60_000 + Math.floor(rand() * 4 * MIN));
          const mode = rand();
          if (mode < 0.4) for (const run of reports) await run();
          else if (mode < 0.7) pending.push(...reports);
          else late.push(...reports);
        }
        setNow(now + MIN);
        for (const run of [...pending, ...late]) await run();
      }
    }
  }

  test("equals the brute-force count of the visits that include the page, folded and with a tail", async () => {
    const rand = prng(18);
    setNow(START - 8 * DAY);
    await playVisits(9, 9, rand);
    await foldEverything();
    // A tail of newer events on top of the folded ones.
    await playVisits(2, 6, rand);
    setNow(now + 30 * MIN);
    const events = await t.run(async (ctx) => ({
      views: await ctx.db.query("pageViews").collect(),
      engagements: await ctx.db.query("engagements").collect(),
    }));
    const withVisitTime = events.views.filter((v) => v.visitEngagedMs !== undefined).length;
    const crossPage = events.engagements.filter((e) => (e.visitPaths?.length ?? 0) > 1).length;
    // Both ways of crediting a page are exercised.
    expect(withVisitTime).toBeGreaterThan(10);
    expect(crossPage).toBeGreaterThan(10);
    const firstView = Math.min(...events.views.map((v) => v.timestamp));
    const anchor = bucketStart("hour", now, ZONE);
    let compared = 0;
    for (const range of statsRange.members.map((member) => member.value)) {
      const span = spanOf(range, anchor, ZONE, firstView);
      const brute = bruteForce(events.views, events.engagements, ZONE, (ts) => ts >= span.start && ts < span.end);
      for (const path of PATHS) {
        const want = brute.cells.get(`page|${path}`) ?? { visits: 0, engagedMs: 0 };
        const filters: StatsFilter[] = [{ dimension: "page", value: path }];
        const { current } = await t.query(api.dashboard.summary, args(range, filters));
        const label = `${range} page=${path}`;
        expect([label, current.visits, Math.round(current.visitDurationMs * current.visits)]).toEqual([label, want.visits, want.engagedMs]);
        if (range === "7d" || range === "30d") {
          const { points } = await t.query(api.dashboard.series, args(range, filters));
          expect([label, points.reduce((sum, p) => sum + p.engagedMs, 0)]).toEqual([label, want.engagedMs]);
        }
        if (want.visits > 0) compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  }, 300_000);
});
