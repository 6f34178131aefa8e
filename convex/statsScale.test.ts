import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { getStats } from "./stats";
import {
  expectedViewStats,
  measureQuery,
  page,
  post,
  seedContent,
  seedViews,
  sessionId,
  type SeedView,
  type StatsTest,
} from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { PageType, Stats } from "./validators";

// Past 32,000 views the reference getStats, which read every view, failed
// outright. Here Convex's limits are enforced on every transaction.
const VIEWS = 40_000;
const SESSIONS = VIEWS / 5;
const START = Date.UTC(2025, 0, 1);
const POSTS = 20;
const PAGES = 8;

const paths: [string, PageType][] = [
  ["/", "home"],
  ["/stats", "stats"],
  ...Array.from({ length: POSTS }, (_, i): [string, PageType] => [`/post-${i}`, "blog"]),
  ...Array.from({ length: PAGES }, (_, i): [string, PageType] => [`/page-${i}`, "page"]),
];

function seededView(i: number): SeedView {
  const [path, pageType] = paths[(i * 7 + Math.floor(i / 13)) % paths.length]!;
  return { path, pageType, sessionId: sessionId(i % SESSIONS), timestamp: START + i * 1_000, newVisitor: i < SESSIONS };
}

let t: StatsTest;
const seeded = Array.from({ length: VIEWS }, (_, i) => seededView(i));
const now = START + VIEWS * 1_000;

beforeAll(async () => {
  vi.useFakeTimers();
  vi.setSystemTime(now);
  t = initConvexTest({ transactionLimits: true });
  await seedContent(t, {
    posts: Array.from({ length: POSTS }, (_, i) => post(`post-${i}`, `Post ${i}`)),
    pages: Array.from({ length: PAGES }, (_, i) => page(`page-${i}`, `Page ${i}`)),
  });
  await seedViews(t, seeded);
}, 120_000);

afterAll(() => {
  vi.useRealTimers();
});

function expectExact(stats: Stats, views: SeedView[]) {
  const expected = expectedViewStats(views);
  expect(stats.totalPageViews).toBe(expected.totalPageViews);
  expect(stats.uniqueVisitors).toBe(expected.uniqueVisitors);
  expect(stats.trackingSince).toBe(expected.trackingSince);
  expect(new Map(stats.pageStats.map((row) => [row.path, row.views]))).toEqual(expected.perPath);
}

// The tests run in order on one growing database.

test("before any rollup, getStats stays within the limits and shows a consistent prefix", async () => {
  const stats = await t.query(api.stats.getStats, {});
  expectExact(stats, seeded.slice(0, stats.totalPageViews));
  expect(stats.totalPageViews).toBeGreaterThan(0);
  expect(stats.totalPageViews).toBeLessThan(VIEWS);
  // The 20,000-view tail cap was reached: the page must say so.
  expect(stats.catchingUp).toBe(true);
});

test("after the scheduled rollup, 40,000 views are exact and getStats reads a few dozen documents", async () => {
  await t.mutation(internal.stats.rollupPageViews, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
  const { result, usage } = await measureQuery<Record<string, never>, Stats>(t, getStats, {});
  expectExact(result, seeded);
  expect(result.catchingUp).toBe(false);
  expect(result.uniqueVisitors).toBe(SESSIONS);
  expect(result.pageStats[0]!.views).toBeGreaterThanOrEqual(result.pageStats.at(-1)!.views);
  // totals + the live content generation + one row per path + published posts and pages; no active sessions.
  expect(usage.documentsRead).toBe(2 + paths.length + POSTS + PAGES);
}, 120_000);

test("folded totals plus a tail of new views are exact", async () => {
  const later = seeded.length;
  const tail = Array.from({ length: 500 }, (_, i) => ({
    ...seededView(later + i),
    sessionId: sessionId(i < 100 ? SESSIONS + i : i),
    newVisitor: i < 100,
  }));
  await seedViews(t, tail, 250);
  vi.setSystemTime(now + 1_000);
  await t.mutation(api.stats.recordPageView, { path: "/post-3", pageType: "blog", sessionId: sessionId(SESSIONS + 500) });
  await t.mutation(api.stats.recordPageView, { path: "/", pageType: "home", sessionId: sessionId(1) });
  const recorded = [
    { path: "/post-3", sessionId: sessionId(SESSIONS + 500), timestamp: now + 1_000 },
    { path: "/", sessionId: sessionId(1), timestamp: now + 1_000 },
  ];
  const stats = await t.query(api.stats.getStats, {});
  expectExact(stats, [...seeded, ...tail, ...recorded] as SeedView[]);
  expect(stats.uniqueVisitors).toBe(SESSIONS + 101);
}, 120_000);
