import { act, renderHook } from "@testing-library/react";
import { getFunctionName, type FunctionReference } from "convex/server";
import type { ReactNode } from "react";
import { MemoryRouter, useNavigate } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HEARTBEAT_INTERVAL_MS } from "../../convex/constants";
import { SESSION_ID_KEY } from "./sessionId";

const recordPageView = vi.fn();
const heartbeat = vi.fn();
const recordEngagement = vi.fn();
const CONTEXT = { referrerHost: "news.ycombinator.com", device: "mobile", country: "DE" };

vi.mock("../tracking/landingContext", () => ({ landingContext: async () => CONTEXT }));

// Convex returns stable mutation functions; a test can turn that off to make
// the hook's effects re-run on every render.
let stableMutations = true;

vi.mock("convex/react", () => ({
  useMutation: (ref: FunctionReference<"mutation">) => {
    const fns: Record<string, unknown> = { "stats:recordPageView": recordPageView, "stats:recordEngagement": recordEngagement };
    const fn = (fns[getFunctionName(ref)] ?? heartbeat) as (...args: unknown[]) => unknown;
    return stableMutations ? fn : (...args: unknown[]) => fn(...args);
  },
}));

const UUID = /^[0-9a-f-]{36}$/;

type HeartbeatResult = { serverTime: number };
const answer = (): HeartbeatResult => ({ serverTime: Date.now() });

function deferred() {
  let resolve!: (value: HeartbeatResult) => void;
  const promise = new Promise<HeartbeatResult>((r) => (resolve = r));
  return { promise, resolve };
}

/** Each call stands for a fresh page load: new module state, same localStorage. */
async function mount(initialPath = "/") {
  vi.resetModules();
  const { usePageTracking } = await import("./usePageTracking");
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter initialEntries={[initialPath]}>{children}</MemoryRouter>
  );
  const view = renderHook(
    () => {
      usePageTracking();
      return useNavigate();
    },
    // A <StrictMode> wrapper would not double the effects; only the root option does.
    { wrapper, reactStrictMode: true },
  );
  await settle();
  return {
    ...view,
    navigate: async (path: string) => {
      await act(async () => {
        await view.result.current(path);
      });
      await settle();
    },
  };
}

/** Runs pending promise callbacks (fake timers leave microtasks alone). */
async function settle() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

const heartbeatPaths = () => heartbeat.mock.calls.map(([args]) => args.currentPath);
const viewPaths = () => recordPageView.mock.calls.map(([args]) => args.path);

describe("usePageTracking", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2025-01-01T12:00:00Z"));
    localStorage.clear();
    stableMutations = true;
    recordPageView.mockReset().mockResolvedValue(null);
    heartbeat.mockReset().mockImplementation(async () => answer());
    recordEngagement.mockReset().mockResolvedValue(null);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("sends exactly one view and one heartbeat on mount under StrictMode", async () => {
    await mount("/");
    expect(recordPageView).toHaveBeenCalledTimes(1);
    const [view] = recordPageView.mock.calls[0]!;
    expect(view).toEqual({ path: "/", pageType: "home", sessionId: expect.stringMatching(UUID), context: CONTEXT });
    expect(heartbeat).toHaveBeenCalledTimes(1);
    expect(heartbeat).toHaveBeenCalledWith({ sessionId: view.sessionId, currentPath: "/" });
  });

  it("sends a view and a heartbeat for a new path within 5 s", async () => {
    const { navigate } = await mount("/");
    await advance(1_000);
    await navigate("/hello-world");
    expect(viewPaths()).toEqual(["/", "/hello-world"]);
    expect(recordPageView.mock.calls[1]![0].pageType).toBe("blog");
    expect(heartbeatPaths()).toEqual(["/", "/hello-world"]);
    await navigate("/stats");
    expect(recordPageView.mock.calls[2]![0].pageType).toBe("stats");
    expect(heartbeatPaths()).toEqual(["/", "/hello-world", "/stats"]);
  });

  it("sends the visit context with the landing view only, and each path's visible time when it is left", async () => {
    const { navigate } = await mount("/");
    await advance(7_000);
    await navigate("/hello-world");
    expect(recordPageView.mock.calls[0]![0].context).toEqual(CONTEXT);
    expect(recordPageView.mock.calls[1]![0]).not.toHaveProperty("context");
    const sessionId = recordPageView.mock.calls[0]![0].sessionId;
    expect(recordEngagement.mock.calls).toEqual([[{ sessionId, path: "/", engagedMs: 7_000 }]]);
  });

  it("blocks a second heartbeat while one is pending, then sends the new path", async () => {
    const pending = deferred();
    heartbeat.mockReturnValueOnce(pending.promise);
    const { navigate } = await mount("/");
    await advance(HEARTBEAT_INTERVAL_MS);
    expect(heartbeat).toHaveBeenCalledTimes(1);
    await navigate("/hello-world");
    expect(heartbeatPaths()).toEqual(["/"]);
    await act(async () => pending.resolve(answer()));
    await settle();
    expect(heartbeatPaths()).toEqual(["/", "/hello-world"]);
  });

  it("drops a same-path heartbeat within 5 s even after the first has settled", async () => {
    stableMutations = false;
    const { rerender } = await mount("/");
    await advance(4_000);
    rerender();
    await settle();
    expect(heartbeat).toHaveBeenCalledTimes(1);
    expect(recordPageView).toHaveBeenCalledTimes(1);
    await advance(1_000);
    rerender();
    await settle();
    expect(heartbeat).toHaveBeenCalledTimes(2);
  });

  it("sends a heartbeat every 30 s", async () => {
    await mount("/about");
    await advance(HEARTBEAT_INTERVAL_MS - 1);
    expect(heartbeat).toHaveBeenCalledTimes(1);
    await advance(1);
    expect(heartbeat).toHaveBeenCalledTimes(2);
    await advance(HEARTBEAT_INTERVAL_MS);
    expect(heartbeatPaths()).toEqual(["/about", "/about", "/about"]);
    // The interval never re-records the view.
    expect(recordPageView).toHaveBeenCalledTimes(1);
  });

  it("stops the heartbeat on unmount", async () => {
    const { unmount } = await mount("/");
    unmount();
    await advance(HEARTBEAT_INTERVAL_MS * 3);
    expect(heartbeat).toHaveBeenCalledTimes(1);
  });

  it("sets the page's server clock from each heartbeat's answer", async () => {
    const fast = 5 * 60_000;
    heartbeat.mockImplementation(async () => ({ serverTime: Date.now() + fast }));
    await mount("/");
    const { serverClock } = await import("../lib/serverClock");
    expect(serverClock.now() - Date.now()).toBe(fast);
  });

  it("swallows rejected and throwing mutations without console errors", async () => {
    const consoleError = vi.spyOn(console, "error");
    const consoleDebug = vi.spyOn(console, "debug").mockImplementation(() => {});
    recordPageView.mockRejectedValue(new Error("offline"));
    heartbeat.mockImplementation(() => {
      throw new Error("no client");
    });
    const { navigate } = await mount("/");
    await advance(HEARTBEAT_INTERVAL_MS);
    await navigate("/hello-world");
    // It keeps trying, quietly.
    expect(heartbeat).toHaveBeenCalledTimes(3);
    expect(recordPageView).toHaveBeenCalledTimes(2);
    expect(consoleError).not.toHaveBeenCalled();
    expect(consoleDebug.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it("keeps the session id in localStorage and reuses it on the next page load", async () => {
    const first = await mount("/");
    const sessionId = recordPageView.mock.calls[0]![0].sessionId;
    expect(localStorage.getItem(SESSION_ID_KEY)).toBe(sessionId);
    first.unmount();
    await mount("/about");
    expect(recordPageView.mock.calls[1]![0].sessionId).toBe(sessionId);
    expect(heartbeat.mock.calls[1]![0].sessionId).toBe(sessionId);
  });

  it("falls back to one in-memory id when storage throws", async () => {
    const consoleError = vi.spyOn(console, "error");
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new DOMException("blocked", "SecurityError");
    });
    const { navigate } = await mount("/");
    await navigate("/hello-world");
    const ids = new Set([
      ...recordPageView.mock.calls.map(([args]) => args.sessionId),
      ...heartbeat.mock.calls.map(([args]) => args.sessionId),
    ]);
    expect(recordPageView).toHaveBeenCalledTimes(2);
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(UUID);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it("sends nothing for a path the server would reject", async () => {
    await mount("/" + "x".repeat(600));
    expect(recordPageView).not.toHaveBeenCalled();
    expect(heartbeat).not.toHaveBeenCalled();
  });
});
