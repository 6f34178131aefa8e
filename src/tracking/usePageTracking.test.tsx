import { renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHeartbeatGate, HEARTBEAT_DEBOUNCE_MS, type HeartbeatRefs } from "./heartbeatGate";
import type { Tracker } from "./tracker";
import { usePageTracking } from "./usePageTracking";

vi.mock("convex/react", () => ({ useConvex: () => ({}) }));

function fakeLoad() {
  const tracker = { setPath: vi.fn<Tracker["setPath"]>(), stop: vi.fn<Tracker["stop"]>() };
  const startTracking = vi.fn((_client: unknown, _landingUrl?: string, _refs?: HeartbeatRefs) => tracker);
  const load = vi.fn(async () => ({ startTracking }) as never);
  return { tracker, startTracking, load };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("usePageTracking", () => {
  it("loads the tracker only after the first render, once under StrictMode, and follows the path", async () => {
    const { tracker, startTracking, load } = fakeLoad();
    const view = renderHook(({ path }) => usePageTracking(path, load), {
      initialProps: { path: "/" },
      reactStrictMode: true,
    });
    expect(load).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(load).toHaveBeenCalledTimes(1);
    expect(startTracking).toHaveBeenCalledTimes(1);
    expect(tracker.setPath.mock.calls).toEqual([["/"]]);

    view.rerender({ path: "/about" });
    expect(tracker.setPath.mock.calls.at(-1)).toEqual(["/about"]);
  });

  it("a path change before the tracker has loaded is the path it starts with", async () => {
    const { tracker, load } = fakeLoad();
    const view = renderHook(({ path }) => usePageTracking(path, load), { initialProps: { path: "/" } });
    view.rerender({ path: "/about" });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(tracker.setPath.mock.calls).toEqual([["/about"]]);
  });

  it("starts the tracker with the URL the reader landed on, not the one it loads on", async () => {
    const { startTracking, load } = fakeLoad();
    window.history.replaceState(null, "", "/hello?utm_source=newsletter");
    const view = renderHook(({ path }) => usePageTracking(path, load), { initialProps: { path: "/hello" } });
    window.history.pushState(null, "", "/about");
    view.rerender({ path: "/about" });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(startTracking).toHaveBeenCalledWith(expect.anything(), `${location.origin}/hello?utm_source=newsletter`, expect.anything());
    window.history.replaceState(null, "", "/");
  });

  it("never starts the tracker for a page unmounted before it loaded", async () => {
    const { startTracking, load } = fakeLoad();
    const view = renderHook(() => usePageTracking("/", load));
    view.unmount();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(startTracking).not.toHaveBeenCalled();
  });

  it("hands the tracker its heartbeat refs, the same ones after re-renders", async () => {
    const { startTracking, load } = fakeLoad();
    const view = renderHook(({ path }) => usePageTracking(path, load), { initialProps: { path: "/" }, reactStrictMode: true });
    await vi.advanceTimersByTimeAsync(2_000);
    const refs = startTracking.mock.calls[0]![2]!;
    expect(refs).toEqual({ pending: { current: null }, queued: { current: null }, lastPath: { current: null }, lastTime: { current: 0 } });
    view.rerender({ path: "/about" });
    view.rerender({ path: "/" });
    expect(startTracking.mock.calls.every((call) => call[2] === refs)).toBe(true);
  });

  it("debounces heartbeats in those refs: none while one is pending, one per path per 5 s, and a new path after the pending one", async () => {
    const { startTracking, load } = fakeLoad();
    renderHook(() => usePageTracking("/", load));
    await vi.advanceTimersByTimeAsync(2_000);
    const refs = startTracking.mock.calls[0]![2]!;
    const settles: Array<() => void> = [];
    const send = vi.fn((_path: string) => new Promise<void>((resolve) => settles.push(resolve)));
    const sent = () => send.mock.calls.map(([path]) => path);
    const settle = async () => {
      settles.shift()!();
      await vi.advanceTimersByTimeAsync(0);
    };
    const gate = createHeartbeatGate(send, { refs });

    gate.request("/a");
    gate.request("/a");
    expect(sent()).toEqual(["/a"]);
    expect(refs.pending.current).toBe("/a");
    await settle();
    expect(refs.pending.current).toBeNull();
    gate.request("/a");
    expect(sent()).toEqual(["/a"]);

    // The state is the hook's, not one tracker's: a second tracker (a remount) sends no duplicate either.
    createHeartbeatGate(send, { refs }).request("/a");
    expect(sent()).toEqual(["/a"]);

    await vi.advanceTimersByTimeAsync(HEARTBEAT_DEBOUNCE_MS);
    gate.request("/a");
    gate.request("/b");
    expect(sent()).toEqual(["/a", "/a"]);
    expect(refs.queued.current).toBe("/b");
    await settle();
    expect(sent()).toEqual(["/a", "/a", "/b"]);
    await settle();
  });
});
