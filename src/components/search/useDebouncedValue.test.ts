import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { useDebouncedValue } from "./useDebouncedValue";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test("settles on the last value once it has stopped changing", () => {
  const { result, rerender } = renderHook(({ value }) => useDebouncedValue(value, 150), { initialProps: { value: "a" } });
  rerender({ value: "ab" });
  act(() => vi.advanceTimersByTime(100));
  rerender({ value: "abc" });
  act(() => vi.advanceTimersByTime(100));
  expect(result.current).toBe("a");
  act(() => vi.advanceTimersByTime(50));
  expect(result.current).toBe("abc");
});
