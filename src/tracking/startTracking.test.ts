import type { ConvexReactClient } from "convex/react";
import { getFunctionName, type FunctionReference } from "convex/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PRESENCE_LEAVE_PATH } from "../../convex/constants";
import { OPT_OUT_KEY } from "./optOut";

// The real wiring: navigator's signals, the settings, the Convex client and the beacon.
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

const stubbed = ["userAgent", "webdriver", "doNotTrack", "globalPrivacyControl", "sendBeacon"];

/** Own properties on navigator shadow jsdom's (some of these jsdom lacks). */
function stubNavigator(signals: Record<string, unknown>) {
  const all = { userAgent: CHROME, webdriver: false, doNotTrack: null, globalPrivacyControl: undefined, ...signals };
  for (const [key, value] of Object.entries(all)) Object.defineProperty(navigator, key, { value, configurable: true });
}

async function start(signals: Record<string, unknown> = {}) {
  stubNavigator(signals);
  const sendBeacon = vi.fn(() => true);
  Object.defineProperty(navigator, "sendBeacon", { value: sendBeacon, configurable: true });
  const calls: string[] = [];
  const client = {
    mutation: vi.fn(async (ref: FunctionReference<"mutation">) => {
      calls.push(getFunctionName(ref));
      return null;
    }),
  };
  vi.resetModules();
  const { startTracking } = await import("./startTracking");
  const tracker = startTracking(client as unknown as ConvexReactClient);
  tracker.setPath("/about");
  await vi.advanceTimersByTimeAsync(0);
  window.dispatchEvent(new Event("pagehide"));
  await vi.advanceTimersByTimeAsync(0);
  tracker.stop();
  return { calls, sendBeacon };
}

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
});
afterEach(() => {
  vi.useRealTimers();
  for (const key of stubbed) Reflect.deleteProperty(navigator, key);
});

describe("startTracking", () => {
  it("counts an ordinary visible browser: view, heartbeat, and on pagehide a leave by beacon and socket", async () => {
    const { calls, sendBeacon } = await start();
    expect(calls).toEqual(["stats:recordPageView", "presence:heartbeat", "presence:leave"]);
    expect(sendBeacon).toHaveBeenCalledWith(PRESENCE_LEAVE_PATH, expect.stringMatching(/^[0-9a-f-]{36}$/));
  });

  it.each([
    ["Do Not Track", { doNotTrack: "1" }],
    ["Global Privacy Control", { globalPrivacyControl: true }],
    ["navigator.webdriver", { webdriver: true }],
    ["a headless user agent", { userAgent: CHROME.replace("Chrome/", "HeadlessChrome/") }],
  ])("with %s sends nothing", async (_, signals) => {
    const { calls, sendBeacon } = await start(signals);
    expect(calls).toEqual([]);
    expect(sendBeacon).not.toHaveBeenCalled();
  });

  it("with the opt-out switch on sends nothing", async () => {
    localStorage.setItem(OPT_OUT_KEY, "1");
    const { calls, sendBeacon } = await start();
    expect(calls).toEqual([]);
    expect(sendBeacon).not.toHaveBeenCalled();
  });
});
