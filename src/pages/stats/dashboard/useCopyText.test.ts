import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { installClipboard } from "../../../components/testing/fakeQueries";
import { COPY_STATUS_MS, useCopyText } from "./useCopyText";

describe("useCopyText", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes the text to the clipboard, says so, and clears the status later", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    installClipboard(writeText);
    const { result } = renderHook(() => useCopyText());
    expect(result.current.status).toBe("idle");
    await act(() => result.current.copy("https://example.org/stats?key=k"));
    expect(writeText).toHaveBeenCalledWith("https://example.org/stats?key=k");
    expect(result.current.status).toBe("copied");
    act(() => vi.advanceTimersByTime(COPY_STATUS_MS - 1));
    expect(result.current.status).toBe("copied");
    act(() => vi.advanceTimersByTime(1));
    expect(result.current.status).toBe("idle");
  });

  it("reports a refused write as failed", async () => {
    installClipboard(() => Promise.reject(new DOMException("denied", "NotAllowedError")));
    const { result } = renderHook(() => useCopyText());
    await act(async () => {
      expect(await result.current.copy("x")).toBe("failed");
    });
    expect(result.current.status).toBe("failed");
  });

  it("reports a browser without the Clipboard API as failed", async () => {
    Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
    const { result } = renderHook(() => useCopyText());
    await act(() => result.current.copy("x"));
    expect(result.current.status).toBe("failed");
  });
});
