// Scroll depth (issue 20): each view's largest share of the article seen, sent
// with its engagement reports, averaged per page in Top pages.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { bucketStart } from "./dashboard.time";
import { post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";

const START = Date.UTC(2025, 0, 1, 10);
const SEC = 1_000;
const A = sessionId(1);
const B = sessionId(2);

async function setup(): Promise<StatsTest> {
  const t = initConvexTest();
  await seedContent(t, { posts: [post("long-read", "A long read"), post("short", "Short")] });
  return t;
}

const view = (t: StatsTest, path: string, sid: string) => t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sid });
const engage = (t: StatsTest, path: string, sid: string, scrollDepth?: number) =>
  t.mutation(api.stats.recordEngagement, { sessionId: sid, path, engagedMs: 5 * SEC, ...(scrollDepth === undefined ? {} : { scrollDepth }) });
const engagements = (t: StatsTest) => t.run((ctx) => ctx.db.query("engagements").collect());
const later = (ms: number) => vi.setSystemTime(Date.now() + ms);

async function pageRows(t: StatsTest, filters: { dimension: "page" | "device"; value: string }[] = []) {
  const anchor = bucketStart("hour", Date.now(), "UTC");
  return (await t.query(api.dashboard.breakdown, { range: "today", anchor, filters, dimension: "page" })).rows;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => vi.useRealTimers());

describe("scroll depth", () => {
  test("a report with no engaged time left to credit still raises the view's depth", async () => {
    const t = await setup();
    await view(t, "/long-read", A);
    later(5 * SEC);
    await engage(t, "/long-read", A, 0.24);
    // A quick reader reaches the end and leaves at once: the view's time is all credited already.
    await engage(t, "/long-read", A, 1);
    const events = await engagements(t);
    expect(events.map((e) => [e.engagedMs, e.scrollDelta])).toEqual([
      [5 * SEC, 0.24],
      [0, 0.76],
    ]);
    expect((await pageRows(t)).find((r) => r.value === "/long-read")?.scroll).toBeCloseTo(1, 5);
    // With no rise in depth, such a report writes nothing.
    await engage(t, "/long-read", A, 0.5);
    expect(await engagements(t)).toHaveLength(2);
  });

  test("a view's reports add up to its largest share seen, counted once per view", async () => {
    const t = await setup();
    await view(t, "/long-read", A);
    for (const depth of [0.4, 0.9, 0.7]) {
      later(10 * SEC);
      await engage(t, "/long-read", A, depth);
    }
    const events = await engagements(t);
    expect(events.map((e) => [e.scrollDelta, e.scrollStarts])).toEqual([
      [0.4, true],
      [0.5, undefined],
      [0, undefined],
    ]);

    // A second reader stops at a fifth: the page's mean is (0.9 + 0.2) / 2.
    await view(t, "/long-read", B);
    later(10 * SEC);
    await engage(t, "/long-read", B, 0.2);

    const unfolded = await pageRows(t);
    expect(unfolded.find((r) => r.value === "/long-read")?.scroll).toBeCloseTo(0.55, 5);
    await t.mutation(internal.dashboard.rollup, {});
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const folded = await pageRows(t);
    expect(folded.find((r) => r.value === "/long-read")?.scroll).toBeCloseTo(0.55, 5);
  });

  test("a page whose views reported no depth has no scroll figure", async () => {
    const t = await setup();
    await view(t, "/short", A);
    later(10 * SEC);
    await engage(t, "/short", A);
    const [row] = await pageRows(t);
    expect(row?.value).toBe("/short");
    expect(row?.scroll).toBeUndefined();
  });

  test.each([1.5, -0.1, Number.NaN, Number.POSITIVE_INFINITY])("a depth of %s drops the field, not the report", async (depth) => {
    const t = await setup();
    await view(t, "/long-read", A);
    later(10 * SEC);
    await engage(t, "/long-read", A, depth);
    const [event] = await engagements(t);
    expect(event?.engagedMs).toBe(5 * SEC);
    expect(event?.scrollDelta).toBeUndefined();
  });

  test("the column follows filters: a filter to the page keeps its depth", async () => {
    const t = await setup();
    await view(t, "/long-read", A);
    later(10 * SEC);
    await engage(t, "/long-read", A, 1);
    const rows = await pageRows(t, [{ dimension: "page", value: "/long-read" }]);
    expect(rows.find((r) => r.value === "/long-read")?.scroll).toBe(1);
  });

  test("the beacon carries the depth like the socket", async () => {
    const t = await setup();
    await view(t, "/long-read", A);
    later(10 * SEC);
    const body = JSON.stringify({ sessionId: A, path: "/long-read", engagedMs: 5 * SEC, scrollDepth: 0.75 });
    expect((await t.fetch("/presence/engaged", { method: "POST", body })).status).toBe(204);
    expect((await engagements(t)).map((e) => e.scrollDelta)).toEqual([0.75]);
  });
});
