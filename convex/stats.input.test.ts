import { ConvexError } from "convex/values";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { DEDUP_WINDOW_MS } from "./constants";
import { post, seedContent } from "./stats.fixtures";
import { normalizeSessionId } from "./stats.input";
import { initConvexTest } from "./test.setup";

const START = Date.UTC(2025, 0, 1);
const LOWER = "0a1b2c3d-4e5f-4a6b-8c7d-9e0fabcdef12";
const UPPER = LOWER.toUpperCase();

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

test("a session id is a UUID, stored in lowercase whatever case it came in", () => {
  expect(normalizeSessionId(UPPER)).toBe(LOWER);
  expect(normalizeSessionId(LOWER)).toBe(LOWER);
  expect(() => normalizeSessionId(`${LOWER}x`)).toThrow(ConvexError);
});

test("the same UUID in upper and lower case is one visitor and one active session", async () => {
  const t = initConvexTest();
  await seedContent(t, { posts: [post("hello", "Hello"), post("world", "World")] });

  await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: LOWER });
  // Within the dedup window, the same session's view of the same page is not counted again.
  await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: UPPER });
  vi.setSystemTime(START + DEDUP_WINDOW_MS + 1);
  await t.mutation(api.stats.recordPageView, { path: "/world", pageType: "blog", sessionId: UPPER });
  await t.mutation(api.presence.heartbeat, { sessionId: LOWER, path: "/hello" });
  await t.mutation(api.presence.heartbeat, { sessionId: UPPER, path: "/world" });

  const stats = await t.query(api.stats.getStats, {});
  expect(stats).toMatchObject({ totalPageViews: 2, uniqueVisitors: 1, activeVisitors: 1 });
  const stored = await t.run(async (ctx) => [
    ...(await ctx.db.query("pageViews").take(10)).map((v) => v.sessionId),
    ...(await ctx.db.query("presence").take(10)).map((s) => s.sessionId),
    ...(await ctx.db.query("presenceDeadlines").take(10)).map((s) => s.sessionId),
  ]);
  expect(new Set(stored)).toEqual(new Set([LOWER]));

  // A leave in the other case still finds the session.
  await t.mutation(api.presence.leave, { sessionId: UPPER });
  expect(await t.query(api.stats.getStats, {})).toMatchObject({ activeVisitors: 0 });
});
