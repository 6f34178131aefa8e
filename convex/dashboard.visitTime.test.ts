// Issue 18: under a page filter, visit duration is the engaged time of the
// whole visits that include the page, not the time on the page, whichever
// order the engagement reports and the views arrive in, folded or not.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import type { Doc } from "./_generated/dataModel";
import { addRow, emptyRow, Fold, foldViewOf, zoneBucketings } from "./dashboard.fold";
import { mergeRows } from "./dashboard.rollup";
import { headlineOf } from "./dashboard.report";
import { MAX_VISIT_PATHS } from "./constants";
import { page, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { StatsFilter } from "./validators";

const START = Date.UTC(2026, 2, 10, 12);
const SID = sessionId(1);

let t: StatsTest;
let now = START;
const advance = (ms: number) => {
  now += ms;
  vi.setSystemTime(now);
};

beforeEach(async () => {
  vi.useFakeTimers();
  now = START;
  vi.setSystemTime(now);
  t = initConvexTest({ transactionLimits: true });
  await seedContent(t, { posts: [], pages: [page("a", "A"), page("p", "P"), page("b", "B")] });
});

afterEach(() => {
  vi.useRealTimers();
});

const view = (path: string) => t.mutation(api.stats.recordPageView, { path, pageType: "page", sessionId: SID, context: { device: "desktop" } });
const report = (path: string, seconds: number) => t.mutation(api.stats.recordEngagement, { sessionId: SID, path, engagedMs: seconds * 1_000 });
const args = (filters: StatsFilter[]) => ({ range: "today" as const, anchor: START - (START % 3_600_000) + 3_600_000, filters });

type Step = () => Promise<unknown>;
/** One visit /a (20 s) -> /p (5 s) -> /b (40 s), its reports in different places relative to the views. */
const ORDERS: Record<string, Step[]> = {
  "each report before the next view": [() => view("/a"), () => report("/a", 20), () => view("/p"), () => report("/p", 5), () => view("/b"), () => report("/b", 40)],
  "each report after the next view": [() => view("/a"), () => view("/p"), () => report("/a", 20), () => view("/b"), () => report("/p", 5), () => report("/b", 40)],
  "every report after the last view": [() => view("/a"), () => view("/p"), () => view("/b"), () => report("/b", 40), () => report("/a", 20), () => report("/p", 5)],
  "split reports on both sides of a view": [
    () => view("/a"),
    () => report("/a", 12),
    () => view("/p"),
    () => report("/a", 8),
    () => report("/p", 5),
    () => view("/b"),
    () => report("/b", 40),
  ],
};

async function expectVisitTime(label: string) {
  for (const filter of [
    [{ dimension: "page", value: "/p" }],
    [{ dimension: "page", value: "/a" }],
    [{ dimension: "page", value: "/b" }],
    // Two filters read events: the same figures.
    [{ dimension: "page", value: "/p" }, { dimension: "device", value: "desktop" }],
  ] as StatsFilter[][]) {
    const name = `${label}: ${filter.map((f) => `${f.dimension}=${f.value}`).join("&")}`;
    const { current } = await t.query(api.dashboard.summary, args(filter));
    expect([name, current.visits, current.views, current.visitDurationMs]).toEqual([name, 1, 1, 65_000]);
    const { points } = await t.query(api.dashboard.series, args(filter));
    expect([name, points.reduce((sum, p) => sum + p.engagedMs, 0)]).toEqual([name, 65_000]);
  }
  const { current } = await t.query(api.dashboard.summary, args([]));
  expect([label, current.visits, current.views, current.visitDurationMs]).toEqual([label, 1, 3, 65_000]);
  // The Pages panel keeps the time on each page.
  const { rows } = await t.query(api.dashboard.breakdown, { ...args([]), dimension: "page" });
  expect([label, new Map(rows.map((r) => [r.value, r.engagedMs]))]).toEqual([label, new Map([["/a", 20_000], ["/p", 5_000], ["/b", 40_000]])]);
}

describe("a page filter's visit duration is the whole visit's engaged time", () => {
  for (const [order, steps] of Object.entries(ORDERS)) {
    test(order, async () => {
      for (const step of steps) {
        advance(60_000);
        await step();
      }
      advance(60_000);
      await expectVisitTime(`${order}, from the tail`);
      await t.mutation(internal.dashboard.rollup, {});
      await t.finishAllScheduledFunctions(vi.runAllTimers);
      await expectVisitTime(`${order}, folded`);
    });
  }

  test("a report lists at most MAX_VISIT_PATHS of its visit's pages", async () => {
    await seedContent(t, { posts: [], pages: Array.from({ length: MAX_VISIT_PATHS + 5 }, (_, i) => page(`x${i}`, `X${i}`)) });
    for (let i = 0; i < MAX_VISIT_PATHS + 5; i++) {
      advance(10_000);
      await view(`/x${i}`);
    }
    advance(10_000);
    await report(`/x${MAX_VISIT_PATHS + 4}`, 5);
    const [event] = await t.run((ctx) => ctx.db.query("engagements").collect());
    expect(event!.visitPaths).toHaveLength(MAX_VISIT_PATHS);
    // Its own page first, then the visit's pages in the order they were first viewed.
    expect(event!.visitPaths!.slice(0, 3)).toEqual([`/x${MAX_VISIT_PATHS + 4}`, "/x0", "/x1"]);
  });
});

describe("rows from before the visit time was kept", () => {
  const [day] = zoneBucketings(["day"], "UTC");
  const base = { pageType: "page" as const, sessionId: SID, newVisitor: false, visitStart: START, commitTs: 0n } as const;
  const asView = (row: Partial<Doc<"pageViews">>) => ({ ...base, ...row }) as Doc<"pageViews">;
  const engagement = (path: string, timestamp: number, engagedMs: number, visitPaths?: string[]) => ({
    path,
    timestamp,
    engagedMs,
    visitStart: START,
    clearsBounce: false,
    completes: false,
    ...(visitPaths === undefined ? {} : { visitPaths }),
  });

  test("a report without its visit's pages counts for its own page, a view without the time so far adds none", () => {
    const fold = new Fold([day!]);
    fold.addView(foldViewOf(asView({ path: "/a", timestamp: START })));
    fold.addView(foldViewOf(asView({ path: "/p", timestamp: START + 60_000, prevTs: START, prevPath: "/a" })));
    fold.addEngagement(engagement("/a", START, 20_000));
    fold.addEngagement(engagement("/p", START + 60_000, 5_000));
    const p = [...fold.buckets.values()].find((acc) => acc.dimension === "page")!.rows.get("/p")!;
    expect(headlineOf(p, 1).visitDurationMs).toBe(5_000);
  });

  test("a cell stored before keeps its own engaged time, new visit time adds to it; bucket documents do not carry it", () => {
    const fold = new Fold([day!]);
    fold.addView(foldViewOf(asView({ path: "/p", timestamp: START + 60_000, prevTs: START, prevPath: "/a", visitEngagedMs: 20_000 })));
    fold.addEngagement(engagement("/b", START + 120_000, 40_000, ["/a", "/p", "/b"]));
    const added = [...fold.buckets.values()].find((acc) => acc.dimension === "page")!.rows.get("/p")!;
    expect(added).toMatchObject({ engagedMs: 0, visitEngagedMs: 60_000 });
    // A cell stored before: 2 visits, 7 s on the page. writeCell adds the stored cell and the run's row.
    const next = emptyRow("/p");
    addRow(next, { ...emptyRow("/p"), views: 2, visits: 2, nonBounces: 2, engagedMs: 7_000 });
    addRow(next, added);
    expect(next).toMatchObject({ visits: 3, engagedMs: 7_000, visitEngagedMs: 67_000 });
    expect(headlineOf(next, 1).visitDurationMs).toBeCloseTo(67_000 / 3, 6);
    expect(mergeRows([], [added])[0]).not.toHaveProperty("visitEngagedMs");
  });
});
