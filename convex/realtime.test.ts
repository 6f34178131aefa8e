// Issue 19: the "Last 30 minutes" view reads the newest views through an
// index, counts them per minute, and lists the latest with where they came from.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { REALTIME_LIST_VIEWS, REALTIME_MAX_VIEWS } from "./constants";
import { post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { expectConvexError, initConvexTest } from "./test.setup";
import type { VisitContextInput } from "./validators";

const START = Date.UTC(2025, 0, 1, 12);
const MIN = 60_000;
const PHONE_IN_TOKYO = { device: "mobile", browser: "Safari", os: "iOS", country: "JP" } as const;

async function setup(): Promise<StatsTest> {
  const t = initConvexTest({ transactionLimits: true });
  await seedContent(t, { posts: [post("hello", "Hello")] });
  return t;
}

const view = (t: StatsTest, path: string, sid: string, context?: VisitContextInput) =>
  t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sid, context });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("realtime.lastMinutes", () => {
  test("counts views and visitors per minute since the window's start, and lists the newest first with their context", async () => {
    const t = await setup();
    await view(t, "/hello", sessionId(1)); // before the window
    vi.setSystemTime(START + 5 * MIN + 10_000);
    await view(t, "/hello", sessionId(2), PHONE_IN_TOKYO);
    await view(t, "/", sessionId(2));
    vi.setSystemTime(START + 6 * MIN);
    await view(t, "/", sessionId(3));
    await view(t, "/tags", sessionId(3));

    const answer = await t.query(api.realtime.lastMinutes, { since: START + MIN });
    expect(answer.minutes).toEqual([
      { start: START + 5 * MIN, visitors: 1, views: 2 },
      { start: START + 6 * MIN, visitors: 1, views: 2 },
    ]);
    expect(answer).toMatchObject({ visitors: 2, views: 4, from: START + MIN, truncated: false });
    expect(answer.latest.map((v) => [v.path, v.title])).toEqual([
      ["/tags", "Tags"],
      ["/", "Home"],
      ["/", "Home"],
      ["/hello", "Hello"],
    ]);
    expect(answer.latest[3]).toMatchObject({ country: "JP", device: "mobile", source: null, timestamp: START + 5 * MIN + 10_000 });
    // Nothing that tells who: no session id leaves the server.
    expect(JSON.stringify(answer)).not.toContain(sessionId(2));
  });

  test(`reads at most ${REALTIME_MAX_VIEWS} views and lists ${REALTIME_LIST_VIEWS}; past the cap, counting starts after the oldest minute read`, async () => {
    const t = await setup();
    // Two views a second (distinct sessions, so none is deduplicated) for a little over 4 minutes.
    const total = REALTIME_MAX_VIEWS + 10;
    await t.run(async (ctx) => {
      for (let i = 0; i < total; i++) {
        vi.setSystemTime(START + i * 500);
        await ctx.db.insert("pageViews", {
          path: "/hello",
          pageType: "blog",
          sessionId: sessionId(i + 1),
          timestamp: START + i * 500,
          newVisitor: true,
          commitTs: ctx.db.vars.commitTs,
        });
      }
    });
    const answer = await t.query(api.realtime.lastMinutes, { since: START });
    expect(answer.truncated).toBe(true);
    expect(answer.latest).toHaveLength(REALTIME_LIST_VIEWS);
    // Views 10..509 were read; the oldest read (at 5 s) falls in minute 0, so counting starts at minute 1.
    expect(answer.from).toBe(START + MIN);
    expect(answer.minutes[0]!.start).toBe(START + MIN);
    expect(answer.views).toBe(total - 120);
  });

  test("refuses a start that is not a whole minute (private mode: dashboard.access.test.ts)", async () => {
    const t = await setup();
    await expectConvexError(t.query(api.realtime.lastMinutes, { since: START + 1 }), /whole minute/);
    await expectConvexError(t.query(api.realtime.lastMinutes, { since: -MIN }), /whole minute/);
  });
});
