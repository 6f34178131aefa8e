// The dashboard's rollup and queries against an independent count of the
// same events, in a non-UTC zone across a DST change, folded and unfolded.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { bruteForce, playTraffic, type Cell, type CellDimension } from "./dashboard.fixtures";
import { labelOf } from "./dashboard.report";
import { bucketStart } from "./dashboard.time";
import { page, post, seedContent, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { Headline, StatsDimension, StatsFilter, StatsRange } from "./validators";

const ZONE = "Europe/Berlin";
// Friday 27 March 2025, 21:00 in Berlin; clocks go forward on Sunday the 30th.
const START = Date.UTC(2025, 2, 27, 20);

let t: StatsTest;
let now = START;

const allEvents = async () =>
  t.run(async (ctx) => ({
    views: await ctx.db.query("pageViews").collect(),
    engagements: await ctx.db.query("engagements").collect(),
  }));
const anchor = () => bucketStart("hour", now, ZONE);
const args = (range: StatsRange, filters: StatsFilter[] = []) => ({ range, anchor: anchor(), filters });
const breakdown = (dimension: StatsDimension, range: StatsRange = "7d", filters: StatsFilter[] = []) =>
  t.query(api.dashboard.breakdown, { ...args(range, filters), dimension });
const asMap = (rows: { value: string; views: number }[]) => new Map(rows.map((r) => [r.value, r.views]));

async function foldEverything() {
  await t.mutation(internal.dashboard.rollup, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}

const dayKey = (ts: number) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(ts);

/** Every filterable value seen, as a filter. */
function filtersOf(cells: Map<string, Cell>): StatsFilter[] {
  return [...cells.keys()].map((key) => {
    const [dimension, value] = key.split("|") as [CellDimension, string];
    return { dimension, value };
  });
}

function expectHeadline(label: string, got: Headline, want: Cell) {
  expect({ label, views: got.views, visits: got.visits, visitors: got.visitors }).toEqual({
    label,
    views: want.views,
    visits: want.visits,
    visitors: want.visitors.size,
  });
  expect([label, Math.round(got.bounceRate * got.visits)]).toEqual([label, want.bounces]);
  expect([label, Math.round(got.visitDurationMs * got.visits)]).toEqual([label, want.engagedMs]);
  if (want.views > 0) expect([label, got.viewsPerVisit > 0]).toEqual([label, true]);
}

async function expectExact(label: string) {
  const events = await allEvents();
  const span = await t.query(api.dashboard.series, args("7d"));
  const from = span.points[0]!.start;
  const inRange = (ts: number) => ts >= from;
  const expected = bruteForce(events.views, events.engagements, ZONE, inRange);

  const series = await t.query(api.dashboard.series, args("7d"));
  expect(series.granularity).toBe("day");
  expect(series.timeZone).toBe(ZONE);
  expect(series.points).toHaveLength(7);
  for (const point of series.points) {
    const day = expected.days.get(dayKey(point.start));
    expect({ label, day: dayKey(point.start), views: point.views, visitors: point.visitors }).toEqual({
      label,
      day: dayKey(point.start),
      views: day?.views ?? 0,
      visitors: day?.visitors.size ?? 0,
    });
  }

  // Hours (last 24) and months (last 12), each point against the same count.
  const hourKey = (ts: number) => String(Math.floor(ts / 3_600_000));
  const byHour = bruteForce(events.views, events.engagements, ZONE, undefined, hourKey).days;
  const hourly = await t.query(api.dashboard.series, args("24h"));
  expect(hourly.points).toHaveLength(24);
  for (const p of hourly.points) {
    expect([label, p.start, p.views, p.visitors]).toEqual([label, p.start, byHour.get(hourKey(p.start))?.views ?? 0, byHour.get(hourKey(p.start))?.visitors.size ?? 0]);
  }
  const monthKey = (ts: number) => dayKey(ts).slice(0, 7);
  const byMonth = bruteForce(events.views, events.engagements, ZONE, undefined, monthKey).days;
  const monthly = await t.query(api.dashboard.series, args("12mo"));
  expect(monthly.granularity).toBe("month");
  expect(monthly.points).toHaveLength(12);
  for (const p of monthly.points) {
    expect([label, p.views, p.visitors]).toEqual([label, byMonth.get(monthKey(p.start))?.views ?? 0, byMonth.get(monthKey(p.start))?.visitors.size ?? 0]);
  }

  const summary = await t.query(api.dashboard.summary, args("7d"));
  expect(summary.catchingUp).toBe(false);
  expect(summary.visitorsApproximate).toBe(false);
  expect(summary.sampleVisits).toBeNull();
  expectHeadline(`${label} 7d`, summary.current, expected.total);
  const today = await t.query(api.dashboard.summary, args("today"));
  expectHeadline(`${label} today`, today.current, expected.days.get(dayKey(now)) ?? bruteForce([], [], ZONE).total);

  const all = await t.query(api.dashboard.summary, args("all"));
  const everything = bruteForce(events.views, events.engagements, ZONE);
  expect(all.previous).toBeNull();
  expectHeadline(`${label} all`, all.current, everything.total);

  // Every panel row: distinct visitors over the whole range.
  expect(asMap((await breakdown("page")).rows)).toEqual(expected.pageViews);
  expect(new Map((await breakdown("page")).rows.map((r) => [r.value, r.visitors]))).toEqual(expected.pageVisitors);
  expect(asMap((await breakdown("entry")).rows)).toEqual(expected.entries);
  expect(asMap((await breakdown("exit")).rows)).toEqual(expected.exits);
  expect(asMap((await breakdown("source")).rows)).toEqual(expected.source);
  for (const dimension of ["device", "country", "utmSource", "browser", "os"] as const) {
    const rows = (await breakdown(dimension)).rows;
    const want = new Map([...expected.cells].filter(([k]) => k.startsWith(`${dimension}|`)).map(([k, c]) => [k.slice(dimension.length + 1), c.visitors.size]));
    expect([label, dimension, new Map(rows.map((r) => [r.value, r.visitors]))]).toEqual([label, dimension, want]);
  }

  // Every single filter, on every range: exact.
  for (const range of ["7d", "all"] as const) {
    const brute = range === "all" ? everything : expected;
    for (const filter of filtersOf(brute.cells)) {
      const got = await t.query(api.dashboard.summary, args(range, [filter]));
      expect(got.sampleVisits).toBeNull();
      expectHeadline(`${label} ${range} ${filter.dimension}=${filter.value}`, got.current, brute.cells.get(`${filter.dimension}|${filter.value}`)!);
    }
  }
}

beforeAll(async () => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  vi.stubEnv("SITE_TIME_ZONE", ZONE);
  t = initConvexTest();
  await seedContent(t, {
    posts: [{ ...post("hello", "Hello"), readTime: "1 min read" }, post("other", "Other")],
    pages: [page("about", "About")],
  });
  await playTraffic(t, {
    start: START,
    steps: 450,
    sessions: 40,
    seed: 7,
    advance: (ms) => {
      now += ms;
      vi.setSystemTime(now);
    },
  });
}, 120_000);

afterAll(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe("exact against a brute-force count of the stored events", () => {
  test("the traffic spans the DST change and several Berlin midnights", async () => {
    const { views } = await allEvents();
    const days = new Set(views.map((v) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(v.timestamp)));
    expect(days).toContain("2025-03-30");
    expect(days.size).toBeGreaterThanOrEqual(4);
    expect(now - START).toBeLessThan(6.5 * 24 * 3_600_000);
  });

  test("before any rollup: everything comes from the tail", async () => {
    await expectExact("tail only");
  }, 180_000);

  test("after the rollup: everything comes from bucket documents", async () => {
    await foldEverything();
    const tail = await t.run(async (ctx) => {
      const state = await ctx.db.query("dashboardRollupState").first();
      return (await ctx.db.query("pageViews").collect()).filter((v) => (v.commitTs as bigint) > state!.viewsWatermark!).length;
    });
    expect(tail).toBe(0);
    await expectExact("folded");
  }, 180_000);

  test("folded buckets plus a tail of newer events", async () => {
    await playTraffic(t, {
      start: now,
      steps: 60,
      sessions: 45,
      seed: 11,
      advance: (ms) => {
        now += ms;
        vi.setSystemTime(now);
      },
    });
    await expectExact("folded + tail");
    await foldEverything();
    await expectExact("folded again");
  }, 180_000);

  test("day points start at Berlin midnight, the DST day included", async () => {
    const series = await t.query(api.dashboard.series, { range: "7d", anchor: Date.UTC(2025, 2, 31, 10), filters: [] });
    expect(series.points.map((p) => p.start)).toEqual([
      Date.UTC(2025, 2, 24, 23),
      Date.UTC(2025, 2, 25, 23),
      Date.UTC(2025, 2, 26, 23),
      Date.UTC(2025, 2, 27, 23),
      Date.UTC(2025, 2, 28, 23),
      Date.UTC(2025, 2, 29, 23),
      Date.UTC(2025, 2, 30, 22),
    ]);
    const hours = await t.query(api.dashboard.series, { range: "today", anchor: Date.UTC(2025, 2, 30, 10), filters: [] });
    expect(hours.granularity).toBe("hour");
    expect(hours.points).toHaveLength(23);
  });

  test("a filter narrows every panel to the matching views, with exact distinct visitors", async () => {
    const { views } = await allEvents();
    const hn = views.filter((v) => v.referrerHost === "news.ycombinator.com");
    expect(hn.length).toBeGreaterThan(0);
    const filters: StatsFilter[] = [{ dimension: "source", value: "Hacker News" }];
    const pages = await breakdown("page", "30d", filters);
    const expectedPages = new Map<string, number>();
    for (const v of hn) expectedPages.set(v.path, (expectedPages.get(v.path) ?? 0) + 1);
    expect(asMap(pages.rows)).toEqual(expectedPages);
    const summary = await t.query(api.dashboard.summary, args("30d", filters));
    expect(summary.current.views).toBe(hn.length);
    expect(summary.current.visitors).toBe(new Set(hn.map((v) => v.sessionId)).size);
    expect(summary.visitorsApproximate).toBe(false);
    const devices = await breakdown("device", "30d", [...filters, { dimension: "device", value: "mobile" }]);
    expect(devices.rows.map((r) => r.value)).toEqual(hn.some((v) => v.device === "mobile") ? ["mobile"] : []);
    // "" stands for Direct: views without a referrer or a source tag.
    const direct = await t.query(api.dashboard.summary, args("30d", [{ dimension: "source", value: "" }]));
    expect(direct.current.views).toBe(views.filter((v) => v.referrerHost === undefined && v.utmSource === undefined).length);
  });

  test("labels: Direct, page titles, country names, read completion only for posts", async () => {
    const sources = await breakdown("source", "30d");
    expect(sources.rows.find((r) => r.value === "")?.label).toBe("Direct");
    const pages = await breakdown("page", "30d");
    expect(pages.rows.find((r) => r.value === "/hello")).toMatchObject({ label: "Hello" });
    expect(pages.rows.find((r) => r.value === "/hello")!.completion).not.toBeNull();
    expect(pages.rows.find((r) => r.value === "/about")!.completion).toBeNull();
    expect(pages.rows.find((r) => r.value === "/")!.label).toBe("Home");
    const countries = await breakdown("country", "30d");
    expect(countries.rows.find((r) => r.value === "DE")?.label).toBe("Germany");
  });

  test("labels for a missing value: no referrer is Direct, no UTM tag is (none), no country is Unknown", () => {
    const pages = new Map();
    expect(labelOf("source", "", pages)).toBe("Direct");
    expect(labelOf("utmCampaign", "", pages)).toBe("(none)");
    expect(labelOf("country", "", pages)).toBe("Unknown");
    expect(labelOf("browser", "", pages)).toBe("Unknown");
  });
});
