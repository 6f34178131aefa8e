// What recordPageView stores for the dashboard, and recordEngagement.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { ENGAGEMENT_BEACON_PATH } from "./constants";
import { page, post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { expectConvexError, initConvexTest } from "./test.setup";
import type { VisitContext } from "./validators";

const A = sessionId(1);
const B = sessionId(2);
const START = Date.UTC(2025, 0, 1);
const MIN = 60_000;
const HN: VisitContext = { referrerHost: "news.ycombinator.com", utmSource: "newsletter", device: "mobile", browser: "Chrome", os: "Android", country: "DE" };

async function setup(): Promise<StatsTest> {
  const t = initConvexTest();
  await seedContent(t, {
    posts: [{ ...post("hello", "Hello"), readTime: "1 min read" }, post("other", "Other")],
    pages: [page("about", "About")],
  });
  return t;
}

const views = (t: StatsTest) => t.run((ctx) => ctx.db.query("pageViews").collect());
const engagements = (t: StatsTest) => t.run((ctx) => ctx.db.query("engagements").collect());
const view = (t: StatsTest, path: string, sid = A, context?: VisitContext) =>
  t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sid, context });
const engage = (t: StatsTest, path: string, engagedMs: number, sid = A) =>
  t.mutation(api.stats.recordEngagement, { sessionId: sid, path, engagedMs });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("recordPageView with a visit context", () => {
  test("an entry stores the context; later views of the visit inherit its source and entry page", async () => {
    const t = await setup();
    await view(t, "/hello", A, HN);
    vi.advanceTimersByTime(5 * MIN);
    // The tracker sends the same referrer again on client-side navigation; the visit keeps its landing's.
    await view(t, "/about", A, { referrerHost: "example.org", device: "mobile", country: "DE" });
    const [first, second] = await views(t);
    expect(first).toMatchObject({ ...HN, entryPath: "/hello", visitStart: START, newVisitor: true });
    expect(first!.prevTs).toBeUndefined();
    expect(second).toMatchObject({
      referrerHost: "news.ycombinator.com",
      utmSource: "newsletter",
      entryPath: "/hello",
      visitStart: START,
      prevTs: START,
      prevPath: "/hello",
      clearsBounce: true,
      newVisitor: false,
    });
  });

  test("after 30 minutes without a view a new visit starts, with its own source", async () => {
    const t = await setup();
    await view(t, "/hello", A, HN);
    vi.advanceTimersByTime(30 * MIN);
    await view(t, "/about", A, {});
    vi.advanceTimersByTime(29 * MIN);
    await view(t, "/other", A, {});
    const [, second, third] = await views(t);
    expect(second).toMatchObject({ visitStart: START + 30 * MIN, entryPath: "/about", prevTs: START });
    expect(second!.referrerHost).toBeUndefined();
    expect(second!.prevPath).toBeUndefined();
    expect(third).toMatchObject({ visitStart: START + 30 * MIN, prevPath: "/about", clearsBounce: true });
  });

  test("only the visit's second view clears the bounce", async () => {
    const t = await setup();
    await view(t, "/hello");
    vi.advanceTimersByTime(MIN);
    await view(t, "/about");
    vi.advanceTimersByTime(MIN);
    await view(t, "/other");
    expect((await views(t)).map((v) => v.clearsBounce === true)).toEqual([false, true, false]);
  });

  test("a repeat view of a path records when the session last saw it", async () => {
    const t = await setup();
    await view(t, "/hello");
    vi.advanceTimersByTime(31 * MIN);
    await view(t, "/hello");
    expect((await views(t))[1]).toMatchObject({ prevPathTs: START, prevTs: START, visitStart: START + 31 * MIN });
  });

  test("an unknown device costs the device only, never the view", async () => {
    const t = await setup();
    await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: A, context: { device: "watch", country: "DE" } });
    const [stored] = await views(t);
    expect(stored).toMatchObject({ path: "/hello", country: "DE" });
    expect(stored!.device).toBeUndefined();
  });
});

describe("recordEngagement", () => {
  test("inserts one event per call on the session's latest view of the path", async () => {
    const t = await setup();
    await view(t, "/hello", A, HN);
    vi.advanceTimersByTime(10_000);
    await engage(t, "/hello", 3_000);
    await engage(t, "/hello", 4_000);
    const events = await engagements(t);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ timestamp: START, engagedMs: 3_000, referrerHost: "news.ycombinator.com", country: "DE", entryPath: "/hello" });
    expect(events.map((e) => e.clearsBounce)).toEqual([false, false]);
  });

  test("the report that brings a single-view visit to 10 s clears its bounce, once", async () => {
    const t = await setup();
    await view(t, "/hello");
    vi.advanceTimersByTime(MIN);
    await engage(t, "/hello", 6_000);
    await engage(t, "/hello", 4_000);
    await engage(t, "/hello", 9_000);
    expect((await engagements(t)).map((e) => e.clearsBounce)).toEqual([false, true, false]);
    vi.advanceTimersByTime(MIN);
    // Already no bounce: the second view does not count it again.
    await view(t, "/about");
    expect((await views(t))[1]!.clearsBounce).toBeUndefined();
  });

  test("after a second view, engagement on the entry clears nothing", async () => {
    const t = await setup();
    await view(t, "/hello");
    vi.advanceTimersByTime(MIN);
    await view(t, "/about");
    await engage(t, "/hello", 20_000);
    expect((await engagements(t))[0]!.clearsBounce).toBe(false);
  });

  test("the report that reaches the post's readTime completes it, once", async () => {
    const t = await setup();
    await view(t, "/hello");
    vi.advanceTimersByTime(2 * MIN);
    await engage(t, "/hello", 50_000);
    await engage(t, "/hello", 10_000);
    await engage(t, "/hello", 10_000);
    expect((await engagements(t)).map((e) => e.completes)).toEqual([false, true, false]);
  });

  test("pages have no readTime and never complete", async () => {
    const t = await setup();
    await view(t, "/about");
    vi.advanceTimersByTime(60 * MIN);
    await engage(t, "/about", 3_600_000);
    expect((await engagements(t))[0]!.completes).toBe(false);
  });

  test("without a view of the path, or with 0 ms, nothing is written", async () => {
    const t = await setup();
    await engage(t, "/hello", 5_000);
    await view(t, "/hello");
    await engage(t, "/hello", 0, A);
    await engage(t, "/hello", 5_000, B);
    expect(await engagements(t)).toHaveLength(0);
  });

  test.each<[string, { sessionId: string; path: string; engagedMs: number }, RegExp]>([
    ["a negative time", { sessionId: A, path: "/hello", engagedMs: -1 }, /engagedMs/],
    ["more than 4 hours", { sessionId: A, path: "/hello", engagedMs: 4 * 3_600_000 + 1 }, /engagedMs/],
    ["a fraction", { sessionId: A, path: "/hello", engagedMs: 1.5 }, /engagedMs/],
    ["a bad session", { sessionId: "x", path: "/hello", engagedMs: 1 }, /sessionId/],
    ["a bad path", { sessionId: A, path: "hello", engagedMs: 1 }, /path/],
  ])("refuses %s", async (_name, args, message) => {
    const t = await setup();
    await view(t, "/hello");
    await expectConvexError(t.mutation(api.stats.recordEngagement, args), message);
    expect(await engagements(t)).toHaveLength(0);
  });
});

describe(`POST ${ENGAGEMENT_BEACON_PATH}`, () => {
  const beacon = (t: StatsTest, body: string) =>
    t.fetch(ENGAGEMENT_BEACON_PATH, { method: "POST", body, headers: { "Content-Type": "text/plain;charset=UTF-8" } });

  test("records a hiding tab's engaged time as recordEngagement does", async () => {
    const t = await setup();
    await view(t, "/hello", A, HN);
    vi.advanceTimersByTime(MIN);
    const res = await beacon(t, JSON.stringify({ sessionId: A, path: "/hello", engagedMs: 7_000 }));
    expect(res.status).toBe(204);
    expect(await engagements(t)).toMatchObject([{ engagedMs: 7_000, referrerHost: "news.ycombinator.com", entryPath: "/hello" }]);
  });

  test.each([
    ["not JSON", "A"],
    ["a JSON array", "[]"],
    ["a missing field", JSON.stringify({ sessionId: A, path: "/hello" })],
    ["a time as text", JSON.stringify({ sessionId: A, path: "/hello", engagedMs: "5000" })],
    ["a body over 2 KiB", JSON.stringify({ sessionId: A, path: `/${"a".repeat(3_000)}`, engagedMs: 5_000 })],
    ["a time over 4 hours", JSON.stringify({ sessionId: A, path: "/hello", engagedMs: 5 * 3_600_000 })],
    ["a bad session id", JSON.stringify({ sessionId: "x", path: "/hello", engagedMs: 5_000 })],
  ])("answers %s with a 400 and writes nothing", async (_name, body) => {
    const t = await setup();
    await view(t, "/hello");
    const res = await beacon(t, body);
    expect(res.status).toBe(400);
    expect(await res.text()).not.toBe("");
    expect(await engagements(t)).toHaveLength(0);
  });
});
