import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { THEME_STORAGE_KEY } from "./themes";
import { useTheme } from "./useTheme";

const html = document.documentElement;

describe("useTheme", () => {
  beforeEach(() => {
    localStorage.clear();
    html.setAttribute("data-theme", "tan");
  });
  afterEach(() => vi.restoreAllMocks());

  it("starts from the theme the first-paint script applied", () => {
    html.setAttribute("data-theme", "cloud");
    const { result } = renderHook(() => useTheme());
    expect(result.current.theme).toBe("cloud");
    expect(result.current.next).toBe("dark");
  });

  it("cycles through all four themes, applying and storing each", () => {
    const { result } = renderHook(() => useTheme());
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      act(() => result.current.cycle());
      seen.push(result.current.theme);
      expect(html.getAttribute("data-theme")).toBe(result.current.theme);
      expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe(result.current.theme);
    }
    expect(seen).toEqual(["cloud", "dark", "light", "tan"]);
  });

  it("follows the system's light/dark changes until a theme is chosen", () => {
    let listener: (() => void) | undefined;
    const query = { matches: false, addEventListener: (_: string, fn: () => void) => (listener = fn), removeEventListener: vi.fn() };
    Object.defineProperty(window, "matchMedia", { configurable: true, value: () => query });
    const { result } = renderHook(() => useTheme());
    query.matches = true;
    act(() => listener!());
    expect(result.current.theme).toBe("dark");
    expect(html.getAttribute("data-theme")).toBe("dark");

    act(() => result.current.cycle());
    expect(result.current.theme).toBe("light");
    query.matches = false;
    act(() => listener!());
    expect(result.current.theme).toBe("light");
  });

  it("still switches when storage refuses writes", () => {
    vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("quota", "QuotaExceededError");
    });
    const { result } = renderHook(() => useTheme());
    act(() => result.current.cycle());
    expect(result.current.theme).toBe("cloud");
    expect(html.getAttribute("data-theme")).toBe("cloud");
  });
});
