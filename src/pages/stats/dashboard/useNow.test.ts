import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { floorTo, useNow } from "./useNow";

const STEP = 10_000;
const START = Date.parse("2025-01-01T12:00:00Z");

describe("useNow", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(START + 3_500);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("starts at the current time rounded down to the step", () => {
    const { result } = renderHook(() => useNow(STEP));
    expect(result.current).toBe(START);
  });

  it("changes on each step boundary and not in between", () => {
    const { result } = renderHook(() => useNow(STEP));
    act(() => vi.advanceTimersByTime(STEP - 3_500 - 1));
    expect(result.current).toBe(START);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(START + STEP);
    act(() => vi.advanceTimersByTime(STEP));
    expect(result.current).toBe(START + 2 * STEP);
  });

  it("re-renders only once per step", () => {
    let renders = 0;
    renderHook(() => {
      renders += 1;
      return useNow(STEP);
    });
    const initial = renders;
    for (let step = 0; step < 3; step++) {
      for (let second = 0; second < STEP / 1_000; second++) act(() => vi.advanceTimersByTime(1_000));
    }
    expect(renders - initial).toBe(3);
  });

  it("stops ticking on unmount", () => {
    const { unmount } = renderHook(() => useNow(STEP));
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("floorTo", () => {
  it("rounds down to the step", () => {
    expect(floorTo(START + 9_999, STEP)).toBe(START);
    expect(floorTo(START + STEP, STEP)).toBe(START + STEP);
  });
});
