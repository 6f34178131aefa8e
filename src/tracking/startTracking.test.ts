import type { ConvexReactClient } from "convex/react";
import { getFunctionName, type FunctionReference } from "convex/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ENGAGEMENT_BEACON_PATH, PRESENCE_LEAVE_PATH } from "../../convex/constants";
import { OPT_OUT_KEY, setOptedOut } from "./optOut";

// The real wiring: navigator's signals, the settings, the Convex client and the beacon.
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

const stubbed = ["userAgent", "webdriver", "doNotTrack", "globalPrivacyControl", "sendBeacon"];

/** Own properties on navigator shadow jsdom's (some of these jsdom lacks). */
function stubNavigator(signals: Record<string, unknown>) {
  const all = { userAgent: CHROME, webdriver: false, doNotTrack: null, globalPrivacyControl: undefined, ...signals };
  for (const [key, value] of Object.entries(all)) Object.defineProperty(navigator, key, { value, configurable: true });
}

const LANDING = "https://blog.example/about?utm_source=newsletter&utm_campaign=launch";
const READ_MS = 3_000;

interface StartOptions {
  midway?: () => void;
  /** What navigator.sendBeacon answers: false when the browser refuses to queue it. */
  beaconQueued?: boolean;
  /** Ends the visit by a client-side navigation before the pagehide. */
  navigateAway?: boolean;
}

async function start(signals: Record<string, unknown> = {}, expectView = false, options: StartOptions = {}) {
  stubNavigator(signals);
  const sendBeacon = vi.fn((_url: string, _body: string) => options.beaconQueued ?? true);
  Object.defineProperty(navigator, "sendBeacon", { value: sendBeacon, configurable: true });
  const calls: string[] = [];
  const args = new Map<string, Record<string, unknown>>();
  const client = {
    mutation: vi.fn(async (ref: FunctionReference<"mutation">, arg: Record<string, unknown>) => {
      calls.push(getFunctionName(ref));
      args.set(getFunctionName(ref), arg);
      return null;
    }),
  };
  vi.resetModules();
  const { startTracking } = await import("./startTracking");
  // After the page is shown and before it goes away.
  const midway = options.midway ?? (() => {});
  const tracker = startTracking(client as unknown as ConvexReactClient, LANDING);
  tracker.setPath("/about");
  const shownAt = Date.now();
  // The landing view waits for the visit-context chunk.
  if (expectView) await vi.waitFor(() => expect(calls).toContain("stats:recordPageView"));
  await vi.advanceTimersByTimeAsync(READ_MS);
  midway();
  const visibleMs = Date.now() - shownAt;
  if (options.navigateAway) tracker.setPath("/");
  window.dispatchEvent(new Event("pagehide"));
  await vi.advanceTimersByTimeAsync(0);
  tracker.stop();
  return { calls, args, sendBeacon, visibleMs };
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
  it("counts an ordinary visible browser: view, heartbeat, and on pagehide its engaged time by beacon and a leave by beacon and socket", async () => {
    const { calls, args, sendBeacon, visibleMs } = await start({}, true);
    expect(calls.sort()).toEqual(["presence:heartbeat", "presence:leave", "stats:recordPageView"]);
    expect(sendBeacon).toHaveBeenCalledWith(PRESENCE_LEAVE_PATH, expect.stringMatching(/^[0-9a-f-]{36}$/));
    const sessionId = args.get("stats:recordPageView")!.sessionId;
    const engaged = sendBeacon.mock.calls.find(([url]) => url === ENGAGEMENT_BEACON_PATH);
    expect(JSON.parse(engaged![1])).toEqual({ sessionId, path: "/about", engagedMs: visibleMs });
    expect(visibleMs).toBeGreaterThanOrEqual(READ_MS);
  });

  it("sends the engaged time over the socket when the browser refuses the beacon, never both ways", async () => {
    const { args, sendBeacon, visibleMs } = await start({}, true, { beaconQueued: false });
    expect(sendBeacon).toHaveBeenCalledWith(ENGAGEMENT_BEACON_PATH, expect.any(String));
    expect(args.get("stats:recordEngagement")).toMatchObject({ path: "/about", engagedMs: visibleMs });
  });

  it("a visit ended by a client-side navigation reports over the socket: the page lives on", async () => {
    const { args, sendBeacon, visibleMs } = await start({}, true, { navigateAway: true });
    expect(args.get("stats:recordEngagement")).toMatchObject({ path: "/about", engagedMs: visibleMs });
    expect(sendBeacon.mock.calls.filter(([url]) => url === ENGAGEMENT_BEACON_PATH)).toEqual([]);
  });

  it("sends the visit context of the URL it landed on with the first view", async () => {
    const { args } = await start({}, true);
    expect(args.get("stats:recordPageView")!.context).toMatchObject({
      utmSource: "newsletter",
      utmCampaign: "launch",
      browser: "Chrome",
      os: "Linux",
    });
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

  it("turning the opt-out switch on mid-visit sends no engaged time for it", async () => {
    const { calls } = await start({}, true, { midway: () => setOptedOut(true) });
    expect(calls).toContain("stats:recordPageView");
    expect(calls).not.toContain("stats:recordEngagement");
  });

  it("with the opt-out switch on sends nothing", async () => {
    localStorage.setItem(OPT_OUT_KEY, "1");
    const { calls, sendBeacon } = await start();
    expect(calls).toEqual([]);
    expect(sendBeacon).not.toHaveBeenCalled();
  });

  it("keeps the landing's source until a view is recorded, and sends the browser part with every view", async () => {
    stubNavigator({});
    // The failed view is reported at debug level, as intended; this test expects it.
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    const sent: Array<Record<string, unknown>> = [];
    let failNext = true;
    const client = {
      mutation: vi.fn(async (ref: FunctionReference<"mutation">, arg: Record<string, unknown>) => {
        if (getFunctionName(ref) !== "stats:recordPageView") return null;
        sent.push(arg);
        if (failNext) {
          failNext = false;
          throw new Error("offline");
        }
        return null;
      }),
    };
    vi.resetModules();
    const { startTracking } = await import("./startTracking");
    const tracker = startTracking(client as unknown as ConvexReactClient, LANDING);
    tracker.setPath("/about");
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    tracker.setPath("/");
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    tracker.setPath("/tags");
    await vi.waitFor(() => expect(sent).toHaveLength(3));
    tracker.stop();
    const browserPart = { browser: "Chrome", os: "Linux" };
    // The first view failed: the second carries the source again; after it, only the browser part goes.
    expect(sent[0]!.context).toMatchObject({ utmSource: "newsletter", ...browserPart });
    expect(sent[1]!.context).toMatchObject({ utmSource: "newsletter", ...browserPart });
    expect(sent[2]!.context).toEqual(expect.objectContaining(browserPart));
    expect(sent[2]!.context).not.toHaveProperty("utmSource");
    debug.mockRestore();
  });
});
