import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { SESSION_TIMEOUT_MS } from "./constants";
import { SESSION_TIMEOUT_ENV, sessionTimeoutMs } from "./stats.config";
import { post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";

const START = Date.UTC(2025, 0, 1);
const SHORT = 10_000;

async function setup(): Promise<StatsTest> {
  const t = initConvexTest();
  await seedContent(t, { posts: [post("hello", "Hello")] });
  await t.mutation(api.presence.heartbeat, { sessionId: sessionId(1), path: "/hello" });
  return t;
}

/** "Active Now" once the clock reaches START + offset, with the expiry job run on the way. */
async function activeAt(t: StatsTest, offset: number) {
  vi.advanceTimersByTime(START + offset - Date.now());
  await t.finishInProgressScheduledFunctions();
  return (await t.query(api.stats.getStats, {})).activeVisitors;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("sessionTimeoutMs", () => {
  test("is SESSION_TIMEOUT_MS when the variable is unset or empty", () => {
    expect(sessionTimeoutMs({})).toBe(SESSION_TIMEOUT_MS);
    expect(sessionTimeoutMs({ [SESSION_TIMEOUT_ENV]: " " })).toBe(SESSION_TIMEOUT_MS);
    expect(SESSION_TIMEOUT_MS).toBe(2 * 60 * 1000);
  });

  test("takes a whole number of milliseconds from the variable", () => {
    expect(sessionTimeoutMs({ [SESSION_TIMEOUT_ENV]: "10000" })).toBe(SHORT);
  });

  test.each(["10s", "1.5", "-5", "999", "86400001", "NaN"])("rejects %j with the variable's name", (raw) => {
    expect(() => sessionTimeoutMs({ [SESSION_TIMEOUT_ENV]: raw })).toThrow(
      new RegExp(`^${SESSION_TIMEOUT_ENV} must be a whole number of milliseconds.*got "${raw}"`),
    );
  });
});

describe("the deployment's SESSION_TIMEOUT_MS", () => {
  test("shortens how long a silent reader stays in Active Now", async () => {
    vi.stubEnv(SESSION_TIMEOUT_ENV, String(SHORT));
    const t = await setup();
    expect(await activeAt(t, SHORT - 1_000)).toBe(1);
    expect(await activeAt(t, SHORT + 1_000)).toBe(0);
  });

  test("unset, keeps the two-minute default", async () => {
    vi.stubEnv(SESSION_TIMEOUT_ENV, undefined);
    const t = await setup();
    expect(await activeAt(t, SHORT + 1_000)).toBe(1);
    expect(await activeAt(t, SESSION_TIMEOUT_MS + 1_000)).toBe(0);
  });

  test("a bad value fails the heartbeat loudly instead of using a default", async () => {
    const t = await setup();
    vi.stubEnv(SESSION_TIMEOUT_ENV, "2m");
    await expect(t.mutation(api.presence.heartbeat, { sessionId: sessionId(2), path: "/hello" })).rejects.toThrow(
      /SESSION_TIMEOUT_MS must be a whole number/,
    );
  });
});
