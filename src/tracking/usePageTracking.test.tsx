import { renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Tracker } from "./tracker";
import { usePageTracking } from "./usePageTracking";

vi.mock("convex/react", () => ({ useConvex: () => ({}) }));

function fakeLoad() {
  const tracker = { setPath: vi.fn<Tracker["setPath"]>(), stop: vi.fn<Tracker["stop"]>() };
  const startTracking = vi.fn(() => tracker);
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
    expect(startTracking).toHaveBeenCalledWith(expect.anything(), `${location.origin}/hello?utm_source=newsletter`);
    window.history.replaceState(null, "", "/");
  });

  it("never starts the tracker for a page unmounted before it loaded", async () => {
    const { startTracking, load } = fakeLoad();
    const view = renderHook(() => usePageTracking("/", load));
    view.unmount();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(startTracking).not.toHaveBeenCalled();
  });
});
