// 20,000 views over a year, 500 paths, 300 sources and 60 countries, with
// Convex's transaction limits on: the backfill stays within them, every panel
// and the chart read at most 5,000 documents for every range, and the figures
// match the stored events.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { breakdown, series, summary } from "./dashboard";
import { seedNewViews, syntheticViews } from "./dashboard.fixtures";
import { measureQuery, post, seedContent, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { StatsDimension, StatsFilter, StatsRange } from "./validators";

const MAX_DOCS_PER_QUERY = 5_000;
const NOW = Date.UTC(2025, 11, 31, 12);
const views = syntheticViews({ views: 20_000, days: 365, paths: 500, sources: 300, countries: 60, now: NOW - 2 * 86_400_000, seed: 5 });
const last = Math.max(...views.map((v) => v.timestamp));
const anchor = last - (last % 3_600_000);
const RANGES: StatsRange[] = ["today", "yesterday", "24h", "7d", "30d", "month", "12mo", "all"];
const DIMENSIONS: StatsDimension[] = ["page", "entry", "exit", "source", "utmSource", "utmMedium", "utmCampaign", "device", "browser", "os", "country"];

let t: StatsTest;

beforeAll(async () => {
  vi.useFakeTimers();
  vi.setSystemTime(last + 60_000);
  vi.stubEnv("SITE_TIME_ZONE", "Europe/Berlin");
  t = initConvexTest({ transactionLimits: true });
  await seedContent(t, { posts: Array.from({ length: 50 }, (_, i) => post(`p-${i}`, `Post ${i}`)) });
  await seedNewViews(t, views);
  await t.mutation(internal.dashboard.rollup, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
}, 600_000);

afterAll(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe("20,000 views with transaction limits", () => {
  test("the data has the benchmark's shape", () => {
    expect(new Set(views.map((v) => v.path)).size).toBeGreaterThan(400);
    expect(new Set(views.map((v) => v.referrerHost)).size).toBeGreaterThan(250);
    expect(new Set(views.map((v) => v.country)).size).toBe(60);
    expect(last - views[0]!.timestamp).toBeGreaterThan(360 * 86_400_000);
  });

  test("all time and the last 12 months count every view, per path too", async () => {
    const all = await t.query(api.dashboard.summary, { range: "all", anchor, filters: [] });
    expect(all.catchingUp).toBe(false);
    expect(all.current.views).toBe(views.length);
    expect(all.current.visitors).toBe(new Set(views.map((v) => v.sessionId)).size);
    expect(all.current.visits).toBe(views.filter((v) => v.visitStart === v.timestamp).length);
    const pages = await t.query(api.dashboard.breakdown, { range: "all", anchor, filters: [], dimension: "page" });
    const expected = new Map<string, number>();
    for (const v of views) expected.set(v.path, (expected.get(v.path) ?? 0) + 1);
    const top = [...expected].sort((a, b) => b[1] - a[1])[0]!;
    expect(pages.truncated).toBe(true);
    expect(pages.rows.find((r) => r.value === top[0])?.views).toBe(top[1]);
    const chart = await t.query(api.dashboard.series, { range: "12mo", anchor, filters: [] });
    expect(chart.points.reduce((s, p) => s + p.views, 0)).toBe(views.filter((v) => v.timestamp >= chart.points[0]!.start).length);
  }, 120_000);

  test.each(RANGES)("range %s: summary, chart and every panel read at most 5,000 documents", async (range) => {
    const filters: StatsFilter[] = [];
    const reads: Record<string, number> = {};
    const base = { range, anchor, filters };
    reads.summary = (await measureQuery(t, summary, base)).usage.documentsRead;
    reads.series = (await measureQuery(t, series, base)).usage.documentsRead;
    for (const dimension of DIMENSIONS) {
      reads[dimension] = (await measureQuery(t, breakdown, { ...base, dimension })).usage.documentsRead;
    }
    for (const [name, read] of Object.entries(reads)) expect({ name, read: Math.min(read, MAX_DOCS_PER_QUERY + 1) }).toEqual({ name, read: Math.min(read, MAX_DOCS_PER_QUERY) });
  }, 120_000);

  test("filtered queries read at most 5,000 documents and say when their cap is reached", async () => {
    const top = views[0]!.country!;
    const filters: StatsFilter[] = [{ dimension: "country", value: top }];
    for (const range of ["30d", "all"] as const) {
      const { usage } = await measureQuery(t, summary, { range, anchor, filters });
      expect(usage.documentsRead).toBeLessThanOrEqual(MAX_DOCS_PER_QUERY);
    }
    const mobile = await t.query(api.dashboard.summary, { range: "all", anchor, filters: [{ dimension: "device", value: "mobile" }] });
    // A popular value over a whole year is more than a filtered query may read: it says so.
    expect(views.filter((v) => v.device === "mobile").length).toBeGreaterThan(1_500);
    expect(mobile.catchingUp).toBe(true);
    const narrow = await t.query(api.dashboard.summary, { range: "30d", anchor, filters: [{ dimension: "country", value: top }] });
    expect(narrow.catchingUp).toBe(false);
  }, 120_000);
});
