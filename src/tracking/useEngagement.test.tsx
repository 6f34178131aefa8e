import { renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useEngagement } from "./useEngagement";

let visibility: DocumentVisibilityState = "visible";

function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event("visibilitychange"));
}

describe("useEngagement", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    visibility = "visible";
    vi.spyOn(document, "visibilityState", "get").mockImplementation(() => visibility);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("sends a path's visible time when the path changes, the tab hides and the page goes", () => {
    const send = vi.fn();
    const { rerender } = renderHook(({ path }) => useEngagement(path, send), {
      initialProps: { path: "/a" as string | null },
      reactStrictMode: true,
    });
    vi.advanceTimersByTime(8_000);
    rerender({ path: "/b" });
    expect(send.mock.calls).toEqual([[{ path: "/a", engagedMs: 8_000 }]]);

    vi.advanceTimersByTime(2_000);
    setVisibility("hidden");
    expect(send).toHaveBeenLastCalledWith({ path: "/b", engagedMs: 2_000 });
    vi.advanceTimersByTime(600_000);
    setVisibility("visible");
    vi.advanceTimersByTime(1_500);
    window.dispatchEvent(new Event("pagehide"));
    expect(send).toHaveBeenLastCalledWith({ path: "/b", engagedMs: 1_500 });
    expect(send).toHaveBeenCalledTimes(3);
  });

  it("sends nothing for a page that is not tracked", () => {
    const send = vi.fn();
    const { rerender } = renderHook(({ path }) => useEngagement(path, send), {
      initialProps: { path: null as string | null },
    });
    vi.advanceTimersByTime(5_000);
    rerender({ path: "/a" });
    expect(send).not.toHaveBeenCalled();
  });

  it("stops listening on unmount", () => {
    const send = vi.fn();
    const { unmount } = renderHook(() => useEngagement("/a", send));
    vi.advanceTimersByTime(1_000);
    unmount();
    window.dispatchEvent(new Event("pagehide"));
    expect(send).not.toHaveBeenCalled();
  });
});
