import { afterEach, describe, expect, it, vi } from "vitest";
import { findFragmentTarget, waitFor, WAIT_MS } from "./scrollPlacement";

const flushObservers = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("findFragmentTarget", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("finds the id, encoded or with the sanitizer's prefix", () => {
    document.body.innerHTML = '<h2 id="writing-the-body"></h2><p id="user-content-fn-1"></p><h3 id="café"></h3>';
    expect(findFragmentTarget(document, "#writing-the-body")?.tagName).toBe("H2");
    expect(findFragmentTarget(document, "#fn-1")?.id).toBe("user-content-fn-1");
    expect(findFragmentTarget(document, "#caf%C3%A9")?.tagName).toBe("H3");
    expect(findFragmentTarget(document, "#%E0%A4%A")).toBeNull();
    expect(findFragmentTarget(document, "#")).toBeNull();
  });
});

describe("waitFor", () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.innerHTML = "";
  });

  it("applies at once when the target is already there", () => {
    const apply = vi.fn();
    const stop = waitFor(() => 42, apply);
    expect(apply).toHaveBeenCalledWith(42);
    stop();
  });

  it("waits for the DOM to change until the target appears, and applies again while content settles", async () => {
    const apply = vi.fn();
    waitFor(() => document.getElementById("late"), apply);
    document.body.append(document.createElement("p"));
    await flushObservers();
    expect(apply).not.toHaveBeenCalled();
    const late = document.createElement("h2");
    late.id = "late";
    document.body.append(late);
    await flushObservers();
    expect(apply).toHaveBeenCalledExactlyOnceWith(late);
    document.body.prepend(document.createElement("p"));
    await flushObservers();
    expect(apply).toHaveBeenCalledTimes(2);
  });

  it("applies again when the page changes size without a DOM change (an image or a font arriving)", () => {
    const observed: ResizeObserverCallback[] = [];
    vi.stubGlobal(
      "ResizeObserver",
      class {
        constructor(callback: ResizeObserverCallback) {
          observed.push(callback);
        }
        observe() {}
        disconnect() {}
      },
    );
    const apply = vi.fn();
    const stop = waitFor(() => 1, apply);
    expect(apply).toHaveBeenCalledOnce();
    observed[0]?.([], {} as ResizeObserver);
    expect(apply).toHaveBeenCalledTimes(2);
    stop();
    vi.unstubAllGlobals();
  });

  it("stops applying once the reader takes over or the wait is over", async () => {
    vi.useFakeTimers();
    const apply = vi.fn();
    waitFor(() => 1, apply);
    window.dispatchEvent(new KeyboardEvent("keydown"));
    document.body.append(document.createElement("p"));
    await vi.runAllTimersAsync();
    expect(apply).toHaveBeenCalledOnce();
  });

  it("gives up after the wait when nothing was found, and the reader taking over cancels it", () => {
    vi.useFakeTimers();
    const giveUp = vi.fn();
    waitFor(() => null, vi.fn(), giveUp);
    vi.advanceTimersByTime(WAIT_MS);
    expect(giveUp).toHaveBeenCalledOnce();

    const cancelled = vi.fn();
    waitFor(() => null, vi.fn(), cancelled);
    window.dispatchEvent(new WheelEvent("wheel"));
    vi.advanceTimersByTime(WAIT_MS);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
