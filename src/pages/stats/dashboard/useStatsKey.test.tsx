import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, useLocation } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { STATS_KEY_STORAGE, useStatsKey } from "./useStatsKey";

function setup(url: string) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter initialEntries={[url]}>{children}</MemoryRouter>
  );
  return renderHook(() => ({ key: useStatsKey(), location: useLocation() }), { wrapper });
}

describe("useStatsKey", () => {
  beforeEach(() => {
    localStorage.clear();
    vi.restoreAllMocks();
  });

  it("has no key at first", () => {
    expect(setup("/stats").result.current.key.key).toBeUndefined();
  });

  it("stores a given key and reads it on the next visit", () => {
    const first = setup("/stats");
    act(() => first.result.current.key.setKey("k1"));
    expect(first.result.current.key.key).toBe("k1");
    expect(setup("/stats").result.current.key.key).toBe("k1");
  });

  it("takes a link's key when the browser keeps none, and strips it from the URL", () => {
    const { result } = setup("/stats?key=shared&page=/a");
    expect(result.current.key.key).toBe("shared");
    expect(result.current.key.linkKey).toBeUndefined();
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBe("shared");
    expect(result.current.location.search).toBe("?page=%2Fa");
  });

  it("never replaces a kept key with a link's: it offers it, and the URL loses it", () => {
    localStorage.setItem(STATS_KEY_STORAGE, "owner");
    const { result } = setup("/stats?key=shared&page=/a");
    expect(result.current.key.key).toBe("owner");
    expect(result.current.key.linkKey).toBe("shared");
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBe("owner");
    expect(result.current.location.search).toBe("?page=%2Fa");
  });

  it("keeps the browser's key when the reader declines the link's", () => {
    localStorage.setItem(STATS_KEY_STORAGE, "owner");
    const { result } = setup("/stats?key=wrong");
    act(() => result.current.key.declineLinkKey());
    expect(result.current.key.linkKey).toBeUndefined();
    expect(result.current.key.key).toBe("owner");
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBe("owner");
    expect(setup("/stats").result.current.key.key).toBe("owner");
  });

  it("takes the link's key, stored, when the reader accepts it", () => {
    localStorage.setItem(STATS_KEY_STORAGE, "owner");
    const { result } = setup("/stats?key=shared");
    act(() => result.current.key.acceptLinkKey());
    expect(result.current.key.linkKey).toBeUndefined();
    expect(result.current.key.key).toBe("shared");
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBe("shared");
  });

  it("asks nothing when the link holds the key the browser keeps", () => {
    localStorage.setItem(STATS_KEY_STORAGE, "owner");
    const { result } = setup("/stats?key=owner");
    expect(result.current.key.key).toBe("owner");
    expect(result.current.key.linkKey).toBeUndefined();
  });

  it("forgets the stored key but keeps the page's until a new one is given", () => {
    const { result } = setup("/stats");
    act(() => result.current.key.setKey("bad"));
    act(() => result.current.key.forgetStoredKey());
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBeNull();
    expect(result.current.key.key).toBe("bad");
  });

  it("clears the key from storage and from the page, and the next visit has none", () => {
    const { result } = setup("/stats?key=shared");
    act(() => result.current.key.clearKey());
    expect(result.current.key.key).toBeUndefined();
    expect(localStorage.getItem(STATS_KEY_STORAGE)).toBeNull();
    expect(setup("/stats").result.current.key.key).toBeUndefined();
  });

  it("works when storage is blocked", () => {
    vi.spyOn(Storage.prototype, "getItem").mockImplementation(() => {
      throw new Error("blocked");
    });
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new Error("blocked");
    });
    const { result } = setup("/stats");
    act(() => result.current.key.setKey("k"));
    expect(result.current.key.key).toBe("k");
  });
});
