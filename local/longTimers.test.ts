import { convexTest } from "convex-test";
import { makeFunctionReference } from "convex/server";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { installLongTimers, MAX_TIMER_MS } from "./longTimers.ts";
import { loadModules } from "./modules.ts";
import { FIXTURE_CONVEX_DIR } from "./testing.ts";

const sendLater = makeFunctionReference<"mutation", { body: string; delayMs: number }, null>("messages:sendLater");
const list = makeFunctionReference<"query", Record<string, never>, Array<{ body: string }>>("messages:list");

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

let uninstall: () => void = () => undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  uninstall = installLongTimers();
});
afterEach(() => {
  uninstall();
  vi.useRealTimers();
});

async function backendLike() {
  const modules = await loadModules(FIXTURE_CONVEX_DIR);
  // The same instance the local backend builds (local/generation.ts).
  const t = convexTest({ schema: modules.schema, modules: modules.convexTestModules, transactionLimits: true });
  return { t, release: modules.release };
}

test.each([30, 90, 400])("a function scheduled %i days ahead runs then, not before", async (days) => {
  const { t, release } = await backendLike();
  const bodies = async () => (await t.query(list, {})).map((m) => m.body);
  await t.mutation(sendLater, { body: "due", delayMs: days * DAY_MS });

  await vi.advanceTimersByTimeAsync(days * DAY_MS - MINUTE_MS);
  await t.finishInProgressScheduledFunctions();
  expect(await bodies()).not.toContain("due");

  await vi.advanceTimersByTimeAsync(2 * MINUTE_MS);
  await t.finishInProgressScheduledFunctions();
  expect(await bodies()).toEqual(["due"]);
  await release();
});

test("a long timer can be cleared, and short ones are left to the timers beneath", () => {
  const fired: string[] = [];
  const long = setTimeout(() => fired.push("long"), MAX_TIMER_MS + DAY_MS);
  setTimeout(() => fired.push("short"), 1000);
  clearTimeout(long);
  vi.advanceTimersByTime(MAX_TIMER_MS * 2);
  expect(fired).toEqual(["short"]);
});
