import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { HEARTBEAT_DEDUP_MS, PRESENCE_LEAVE_PATH, READERS_CAP, SESSION_TIMEOUT_MS } from "./constants";
import { EXPIRY_BATCH, EXPIRY_OVERDUE_MS, readers } from "./presence";
import { getStats } from "./stats";
import { measureQuery, page, post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import type { Stats } from "./validators";
import { expectConvexError, initConvexTest } from "./test.setup";

const A = sessionId(1);
const B = sessionId(2);
const START = Date.UTC(2025, 0, 1);
const T = SESSION_TIMEOUT_MS;

async function setup(): Promise<StatsTest> {
  const t = initConvexTest();
  await seedContent(t, { posts: [post("hello", "Hello"), post("draft", "Draft", false)], pages: [page("about", "About")] });
  return t;
}

const beat = (t: StatsTest, session: string, path: string) => t.mutation(api.presence.heartbeat, { sessionId: session, path });
const present = (t: StatsTest) =>
  t.run(async (ctx) => (await ctx.db.query("presence").collect()).map((r) => [r.sessionId, r.path]));
const deadlines = (t: StatsTest) =>
  t.run(async (ctx) => (await ctx.db.query("presenceDeadlines").collect()).map((r) => [r.sessionId, r.deadline]));
const armedFor = (t: StatsTest) => t.run(async (ctx) => (await ctx.db.query("presenceExpiry").first())?.armedFor ?? null);
const pendingJobs = (t: StatsTest) =>
  t.run(async (ctx) =>
    (await ctx.db.system.query("_scheduled_functions").collect())
      .filter((job) => job.state.kind === "pending")
      .map((job) => [job.name, job.scheduledTime]),
  );

/** Every document of the given tables, to see exactly what a call wrote. */
function tables(t: StatsTest, names: readonly ("presence" | "presenceDeadlines" | "presenceExpiry")[]) {
  return t.run(async (ctx) => {
    const docs: unknown[] = [];
    for (const name of names) docs.push(...(await ctx.db.query(name).collect()));
    docs.push(...(await ctx.db.system.query("_scheduled_functions").collect()));
    return docs;
  });
}
const ALL = ["presence", "presenceDeadlines", "presenceExpiry"] as const;

/**
 * Moves the clock to `at`, running the scheduled jobs due on the way. (Fake
 * timers fire by ticks advanced, not by setSystemTime, so tests that wait for
 * the job move time only through here.)
 */
async function advanceTo(t: StatsTest, at: number) {
  vi.advanceTimersByTime(at - Date.now());
  await t.finishInProgressScheduledFunctions();
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("heartbeat", () => {
  test("a join writes the reader's row and deadline and arms the expiry job at that deadline", async () => {
    const t = await setup();
    await beat(t, A, "/hello");
    expect(await present(t)).toEqual([[A, "/hello"]]);
    expect(await deadlines(t)).toEqual([[A, START + T]]);
    expect(await armedFor(t)).toBe(START + T);
    expect(await pendingJobs(t)).toEqual([["presence:expire", START + T]]);
  });

  test("a second join keeps the job armed for the earlier deadline", async () => {
    const t = await setup();
    await beat(t, A, "/hello");
    vi.setSystemTime(START + 5_000);
    await beat(t, B, "/about");
    expect(await armedFor(t)).toBe(START + T);
    expect(await pendingJobs(t)).toHaveLength(1);
  });

  test("a same-path heartbeat never writes a row the live queries read; past 10 s it moves only its deadline", async () => {
    const t = await setup();
    await beat(t, A, "/hello");
    const before = await tables(t, ALL);
    vi.setSystemTime(START + HEARTBEAT_DEDUP_MS - 100);
    await beat(t, A, "/hello");
    expect(await tables(t, ALL)).toEqual(before);

    const rowsBefore = await tables(t, ["presence", "presenceExpiry"]);
    vi.setSystemTime(START + HEARTBEAT_DEDUP_MS + 100);
    await beat(t, A, "/hello");
    expect(await tables(t, ["presence", "presenceExpiry"])).toEqual(rowsBefore);
    expect(await deadlines(t)).toEqual([[A, START + HEARTBEAT_DEDUP_MS + 100 + T]]);
  });

  test("a path change moves the reader at once", async () => {
    const t = await setup();
    await beat(t, A, "/hello");
    vi.setSystemTime(START + 1_000);
    await beat(t, A, "/about");
    expect(await present(t)).toEqual([[A, "/about"]]);
  });

  test("a path that is not a page of the site writes nothing", async () => {
    const t = await setup();
    await beat(t, A, "/nope");
    await beat(t, A, "/draft");
    expect(await tables(t, ALL)).toEqual([]);
    await beat(t, A, "/hello");
    const before = await tables(t, ALL);
    vi.setSystemTime(START + 60_000);
    await beat(t, A, "/draft");
    expect(await tables(t, ALL)).toEqual(before);
  });

  test.each([
    ["a session id that is not a UUID", "/hello", "nope", /must be a UUID/],
    ["a path without a leading slash", "hello", A, /must start with "\/"/],
    ["a DEL in the path", "/\u007f", A, /control characters/],
  ])("rejects %s and writes nothing", async (_, path, session, message) => {
    const t = await setup();
    await expectConvexError(beat(t, session, path), message);
    expect(await tables(t, ALL)).toEqual([]);
  });
});

describe("leave", () => {
  test("drops the reader at once", async () => {
    const t = await setup();
    await beat(t, A, "/hello");
    await beat(t, B, "/hello");
    await t.mutation(api.presence.leave, { sessionId: A });
    expect(await present(t)).toEqual([[B, "/hello"]]);
    expect(await deadlines(t)).toEqual([[B, START + T]]);
  });

  test("from a session that is not present writes nothing", async () => {
    const t = await setup();
    await beat(t, A, "/hello");
    await t.mutation(api.presence.leave, { sessionId: A });
    const before = await tables(t, ALL);
    await t.mutation(api.presence.leave, { sessionId: A });
    await t.mutation(api.presence.leave, { sessionId: B });
    expect(await tables(t, ALL)).toEqual(before);
  });

  test("a heartbeat after a leave rejoins", async () => {
    const t = await setup();
    await beat(t, A, "/hello");
    await t.mutation(api.presence.leave, { sessionId: A });
    vi.setSystemTime(START + 1_000);
    await beat(t, A, "/hello");
    expect(await present(t)).toEqual([[A, "/hello"]]);
  });

  test("rejects a session id that is not a UUID", async () => {
    const t = await setup();
    await expectConvexError(t.mutation(api.presence.leave, { sessionId: "x" }), /must be a UUID/);
  });

  test(`POST ${PRESENCE_LEAVE_PATH} with the session id as plain text leaves; a bad body is a 400`, async () => {
    const t = await setup();
    await beat(t, A, "/hello");
    const ok = await t.fetch(PRESENCE_LEAVE_PATH, { method: "POST", body: A, headers: { "Content-Type": "text/plain;charset=UTF-8" } });
    expect(ok.status).toBe(204);
    expect(await present(t)).toEqual([]);
    const bad = await t.fetch(PRESENCE_LEAVE_PATH, { method: "POST", body: "not-a-uuid" });
    expect(bad.status).toBe(400);
  });
});

describe("expiry", () => {
  test("a reader whose leave was lost is dropped when the timeout passes, not before", async () => {
    const t = await setup();
    await beat(t, A, "/hello");
    await advanceTo(t, START + T - 1);
    expect(await present(t)).toEqual([[A, "/hello"]]);
    await advanceTo(t, START + T);
    expect(await present(t)).toEqual([]);
    expect(await deadlines(t)).toEqual([]);
    // Nothing left to expire: the job is disarmed, not polling.
    expect(await armedFor(t)).toBeNull();
    expect(await pendingJobs(t)).toEqual([]);
  });

  test("the job sleeps until the earliest deadline and re-arms for the next one", async () => {
    const t = await setup();
    await beat(t, A, "/hello");
    await advanceTo(t, START + 30_000);
    await beat(t, B, "/about");
    await advanceTo(t, START + 60_000);
    await beat(t, A, "/hello");

    // At A's first deadline A has heartbeated since: nobody is dropped, the job re-arms for B.
    await advanceTo(t, START + T);
    expect(await present(t)).toEqual([
      [A, "/hello"],
      [B, "/about"],
    ]);
    expect(await armedFor(t)).toBe(START + 30_000 + T);
    expect(await pendingJobs(t)).toEqual([["presence:expire", START + 30_000 + T]]);

    await advanceTo(t, START + 30_000 + T);
    expect(await present(t)).toEqual([[A, "/hello"]]);
    expect(await armedFor(t)).toBe(START + 60_000 + T);
  });

  test("drops more readers than one batch, running again at once", async () => {
    const t = await setup();
    const many = EXPIRY_BATCH * 2 + 3;
    for (let i = 0; i < many; i++) await beat(t, sessionId(100 + i), "/hello");
    await advanceTo(t, START + T);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await present(t)).toEqual([]);
  });

  test("a run replaced by a newer arming does nothing", async () => {
    const t = await setup();
    await beat(t, A, "/hello");
    vi.setSystemTime(START + T + 10);
    await t.mutation(internal.presence.expire, { armedFor: START + 1 });
    expect(await present(t)).toEqual([[A, "/hello"]]);
  });

  test("a join re-arms a job that is long overdue (lost)", async () => {
    const t = await setup();
    await t.run(async (ctx) => {
      await ctx.db.insert("presenceExpiry", { armedFor: START - EXPIRY_OVERDUE_MS - 1 });
    });
    await beat(t, A, "/hello");
    expect(await armedFor(t)).toBe(START + T);
    await advanceTo(t, START + T);
    expect(await present(t)).toEqual([]);
  });
});

describe("readers", () => {
  test("counts the readers of one path, up to the cap", async () => {
    const t = await setup();
    expect(await t.query(api.presence.readers, { path: "/hello" })).toBe(0);
    await beat(t, A, "/hello");
    await beat(t, B, "/about");
    expect(await t.query(api.presence.readers, { path: "/hello" })).toBe(1);
    for (let i = 0; i < READERS_CAP + 5; i++) await beat(t, sessionId(1_000 + i), "/about");
    expect(await t.query(api.presence.readers, { path: "/about" })).toBe(READERS_CAP);
  });

  test("rejects a malformed path", async () => {
    const t = await setup();
    await expectConvexError(t.query(api.presence.readers, { path: "hello" }), /must start with/);
  });
});

describe("reads stay flat in the number of readers", () => {
  test("'N reading now' reads one counter and getStats one row per path, for 3 or 300 readers; joins, moves and leaves keep the counts", async () => {
    const t = await setup();
    const reads = async () => ({
      readers: (await measureQuery(t, readers, { path: "/hello" })).usage.documentsRead,
      stats: (await measureQuery<Record<string, never>, Stats>(t, getStats, {})).usage.documentsRead,
    });
    for (let i = 0; i < 3; i++) await beat(t, sessionId(100 + i), "/hello");
    const few = await reads();
    for (let i = 3; i < 300; i++) await beat(t, sessionId(100 + i), "/hello");
    expect(await reads()).toEqual(few);
    expect(few.readers).toBe(1);
    await beat(t, sessionId(100), "/about");
    await t.mutation(api.presence.leave, { sessionId: sessionId(101) });
    const stats = await t.query(api.stats.getStats, {});
    expect(stats.activeVisitors).toBe(299);
    expect(stats.activeByPath).toEqual([
      { path: "/hello", count: 298 },
      { path: "/about", count: 1 },
    ]);
    expect(await t.query(api.presence.readers, { path: "/hello" })).toBe(Math.min(298, READERS_CAP));
    // The last reader of a path leaves no counter behind.
    await t.mutation(api.presence.leave, { sessionId: sessionId(100) });
    expect(await t.run(async (ctx) => (await ctx.db.query("presenceCounts").collect()).map((c) => c.path))).toEqual(["/hello"]);
  }, 120_000);
});
