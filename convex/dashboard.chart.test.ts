// The chart's intervals, custom ranges, comparisons and publish markers,
// against a brute-force count of the same events in Europe/Berlin.
import { ConvexError } from "convex/values";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { bruteForce, playTraffic } from "./dashboard.fixtures";
import { chartGroups, intervalsFor } from "./dashboard.interval";
import { bucketStart } from "./dashboard.time";
import { post, seedContent, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { ChartInterval, CompareWith, CustomRange, StatsFilter } from "./validators";

const ZONE = "Europe/Berlin";
// Friday 27 March 2025, 21:00 in Berlin; clocks go forward on Sunday the 30th.
const START = Date.UTC(2025, 2, 27, 20);
const LATER = Date.UTC(2025, 5, 1, 10);
const DAY = 24 * 3_600_000;

let t: StatsTest;
let now = START;

const dayKey = (ts: number) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(ts);
const chart = (custom: CustomRange, interval?: ChartInterval, compare?: CompareWith, filters: StatsFilter[] = [], anchor = LATER) =>
  t.query(api.dashboard.series, { range: "7d", anchor, filters, custom, interval, compare });
const allEvents = async () =>
  t.run(async (ctx) => ({ views: await ctx.db.query("pageViews").collect(), engagements: await ctx.db.query("engagements").collect() }));

async function expectPoints(custom: CustomRange, interval: ChartInterval, keyOf: (ts: number) => string, filter?: StatsFilter) {
  const { views, engagements } = await allEvents();
  const from = new Date(`${custom.from}T00:00:00+01:00`).getTime();
  const byBucket = bruteForce(views, engagements, ZONE, (ts) => ts >= from, keyOf).days;
  const series = await chart(custom, interval, "none", filter ? [filter] : []);
  expect(series.granularity).toBe(interval);
  let views_ = 0;
  for (const p of series.points) {
    const inBucket = (ts: number) => ts >= from && keyOf(ts) === keyOf(p.start);
    const want = filter
      ? bruteForce(views, engagements, ZONE, inBucket).cells.get(`${filter.dimension}|${filter.value}`)
      : byBucket.get(keyOf(p.start));
    views_ += p.views;
    expect({ bucket: keyOf(p.start), views: p.views, visitors: p.visitors, visits: p.visits, bounces: p.bounces, engagedMs: p.engagedMs }).toEqual({
      bucket: keyOf(p.start),
      views: want?.views ?? 0,
      visitors: want?.visitors.size ?? 0,
      visits: want?.visits ?? 0,
      bounces: want?.bounces ?? 0,
      engagedMs: want?.engagedMs ?? 0,
    });
  }
  expect(views_).toBeGreaterThan(0);
  return series;
}

/** Monday of the Berlin week, as its day key. */
const weekKey = (ts: number) => {
  const day = new Date(`${dayKey(ts)}T12:00:00Z`);
  return dayKey(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
};
const monthKey = (ts: number) => dayKey(ts).slice(0, 7);

beforeAll(async () => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  vi.stubEnv("SITE_TIME_ZONE", ZONE);
  t = initConvexTest();
  await seedContent(t, {
    posts: [
      { ...post("hello", "Hello"), date: "2025-03-28" },
      { ...post("timed", "Timed"), date: "2025-03-26", publishAt: Date.UTC(2025, 2, 27, 15) },
      { ...post("old", "Old"), date: "2024-01-05" },
    ],
  });
  await playTraffic(t, {
    start: START,
    steps: 250,
    sessions: 30,
    seed: 5,
    advance: (ms) => {
      now += ms;
      vi.setSystemTime(now);
    },
  });
  await t.mutation(internal.dashboard.rollup, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}, 120_000);

afterAll(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe("intervals", () => {
  test("which intervals a span allows", () => {
    const anchor = Date.UTC(2025, 3, 2, 10);
    const span = (days: number, ago = 0) => ({ start: anchor - (days + ago) * DAY, end: anchor - ago * DAY });
    expect(intervalsFor(span(1), anchor)).toEqual(["hour"]);
    expect(intervalsFor(span(6.9), anchor)).toEqual(["hour", "day"]);
    expect(intervalsFor(span(7), anchor)).toEqual(["day"]);
    expect(intervalsFor(span(1, 30), anchor)).toEqual(["day"]);
    expect(intervalsFor(span(30), anchor)).toEqual(["day", "week"]);
    expect(intervalsFor(span(365), anchor)).toEqual(["day", "week", "month"]);
    expect(intervalsFor(span(900), anchor)).toEqual(["month"]);
  });

  test("weeks start on Monday in the zone; a part month is read from its days", () => {
    const start = Date.UTC(2025, 2, 14, 23); // 15 March, Berlin midnight
    const end = Date.UTC(2025, 4, 20, 22); // 21 May
    expect(chartGroups("month", { start, end }, ZONE).map((g) => [dayKey(g.start), g.period])).toEqual([
      ["2025-03-15", "day"],
      ["2025-04-01", "month"],
      ["2025-05-01", "day"],
    ]);
    const weeks = chartGroups("week", { start, end }, ZONE);
    expect(weeks.slice(0, 3).map((g) => dayKey(g.start))).toEqual(["2025-03-15", "2025-03-17", "2025-03-24"]);
  });

  test("week points: every field against the brute-force count, unfiltered and under one and two filters", async () => {
    const custom = { from: "2025-03-24", to: "2025-04-06" };
    const series = await expectPoints(custom, "week", weekKey);
    expect(series.points.map((p) => dayKey(p.start))).toEqual(["2025-03-24", "2025-03-31"]);
    expect(series.intervals).toEqual(["day", "week"]);
    await expectPoints(custom, "week", weekKey, { dimension: "device", value: "mobile" });
    await expectPoints(custom, "week", weekKey, { dimension: "page", value: "/hello" });
    // Two filters read the matching events: the week points add up to the headline.
    const two: StatsFilter[] = [
      { dimension: "device", value: "mobile" },
      { dimension: "country", value: "DE" },
    ];
    const weeks = await chart(custom, "week", "none", two);
    const summary = await t.query(api.dashboard.summary, { range: "7d", anchor: LATER, filters: two, custom });
    expect(weeks.points.reduce((n, p) => n + p.views, 0)).toBe(summary.current.views);
    expect(weeks.points.reduce((n, p) => n + p.visits, 0)).toBe(summary.current.visits);
  });

  test("month points of a range that cuts months", async () => {
    const series = await expectPoints({ from: "2025-03-15", to: "2025-05-20" }, "month", monthKey);
    expect(series.points).toHaveLength(3);
  });

  test("an interval the range does not allow falls back to the range's own", async () => {
    const series = await chart({ from: "2025-03-24", to: "2025-04-06" }, "month");
    expect(series.granularity).toBe("day");
  });
});

describe("custom ranges", () => {
  test("the headline counts exactly the chosen days", async () => {
    const { views, engagements } = await allEvents();
    const from = Date.UTC(2025, 2, 27, 23);
    const to = Date.UTC(2025, 2, 30, 22);
    const want = bruteForce(views, engagements, ZONE, (ts) => ts >= from && ts < to).total;
    const got = await t.query(api.dashboard.summary, { range: "7d", anchor: LATER, filters: [], custom: { from: "2025-03-28", to: "2025-03-30" } });
    expect([got.current.views, got.current.visits, got.current.visitors]).toEqual([want.views, want.visits, want.visitors.size]);
    // The three days before: 25-27 March, which holds the first evening's traffic.
    const before = bruteForce(views, engagements, ZONE, (ts) => ts >= from - 3 * DAY && ts < from).total;
    expect(got.previous?.views).toBe(before.views);
    // A custom range replaces the named one, "All time" included (whose visitors come from first views).
    // Its previous days (28-29 March) have readers first seen on the 27th, whom first views would miss.
    const later = { from: "2025-03-30", to: "2025-03-31" };
    const named = await t.query(api.dashboard.summary, { range: "7d", anchor: LATER, filters: [], custom: later });
    const overAll = await t.query(api.dashboard.summary, { range: "all", anchor: LATER, filters: [], custom: later });
    expect(overAll).toEqual(named);
    const prior = bruteForce(views, engagements, ZONE, (ts) => ts >= from && ts < from + 2 * DAY).total;
    expect(overAll.previous?.visitors).toBe(prior.visitors.size);
  });

  test("bad ranges are refused with a clear message", async () => {
    const ask = (custom: CustomRange) => t.query(api.dashboard.summary, { range: "7d", anchor: bucketStart("hour", LATER, ZONE), filters: [], custom });
    await expect(ask({ from: "2025-04-02", to: "2025-04-01" })).rejects.toThrow(ConvexError);
    await expect(ask({ from: "2025-04-02", to: "2025-04-01" })).rejects.toThrow(/on or after the start/);
    await expect(ask({ from: "2025-05-30", to: "2025-06-02" })).rejects.toThrow(/not be in the future/);
    await expect(ask({ from: "2025-02-30", to: "2025-03-02" })).rejects.toThrow(/real day/);
    await expect(ask({ from: "yesterday", to: "2025-03-02" })).rejects.toThrow(/YYYY-MM-DD/);
  });
});

describe("compare", () => {
  test("the previous period's points come in the same order; none gives none", async () => {
    const custom = { from: "2025-03-31", to: "2025-04-06" };
    const previous = await chart(custom, "day", "previous");
    const last = await chart({ from: "2025-03-24", to: "2025-03-30" }, "day", "none");
    expect(previous.previous?.map((p) => p.views)).toEqual(last.points.map((p) => p.views));
    expect(previous.previous?.map((p) => p.start)).toEqual(last.points.map((p) => p.start));
    expect((await chart(custom, "day", "none")).previous).toBeNull();
    const year = await chart(custom, "day", "year");
    expect(year.previous?.map((p) => dayKey(p.start))[0]).toBe("2024-03-31");
    const summary = await t.query(api.dashboard.summary, { range: "7d", anchor: LATER, filters: [], custom, compare: "none" });
    expect(summary.previous).toBeNull();
  });

  test("hours no longer kept draw no comparison line", async () => {
    const today = bucketStart("hour", now, ZONE);
    const series = await t.query(api.dashboard.series, { range: "today", anchor: today, filters: [], compare: "year" });
    expect(series.granularity).toBe("hour");
    expect(series.previous).toBeNull();
    const yesterday = await t.query(api.dashboard.series, { range: "today", anchor: today, filters: [], compare: "previous" });
    // Yesterday, whole: the DST day has 23 hours.
    expect(yesterday.previous?.map((p) => dayKey(p.start))).toEqual(Array(23).fill("2025-03-30"));
  });
});

describe("publish markers", () => {
  test("at the post's own date or publishAt, not the sync's time", async () => {
    const series = await chart({ from: "2025-03-24", to: "2025-04-06" }, "day");
    expect(series.published.map((p) => [p.slug, dayKey(p.start)])).toEqual([
      ["timed", "2025-03-27"],
      ["hello", "2025-03-28"],
    ]);
  });
});
