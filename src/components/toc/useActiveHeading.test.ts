import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { useActiveHeading } from "./useActiveHeading";

type Callback = (entries: Partial<IntersectionObserverEntry>[]) => void;
let fire: Callback = () => {};
const observed: Element[] = [];

class FakeObserver {
  constructor(callback: Callback) {
    fire = callback;
  }
  observe(el: Element) {
    observed.push(el);
  }
  disconnect() {
    observed.length = 0;
  }
}

const ids = ["one", "two", "three"];
const el = (id: string) => document.getElementById(id)!;
const entry = (id: string, isIntersecting: boolean, top: number) => ({
  target: el(id),
  isIntersecting,
  boundingClientRect: { top } as DOMRectReadOnly,
  rootBounds: { top: 0 } as DOMRectReadOnly,
});

beforeEach(() => {
  vi.stubGlobal("IntersectionObserver", FakeObserver);
  document.body.innerHTML = ids.map((id) => `<h2 id="${id}">${id}</h2>`).join("");
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

test("marks the last heading scrolled past the top band, else the first", () => {
  const { result, unmount } = renderHook(() => useActiveHeading(ids));
  expect(observed.map((e) => e.id)).toEqual(ids);
  act(() => fire([entry("one", false, 300), entry("two", false, 900), entry("three", false, 1500)]));
  expect(result.current).toBe("one");
  act(() => fire([entry("one", true, 10)]));
  expect(result.current).toBe("one");
  act(() => fire([entry("one", false, -200), entry("two", true, 40)]));
  expect(result.current).toBe("two");
  act(() => fire([entry("two", false, -50)]));
  expect(result.current).toBe("two");
  // Scrolling back up: the second heading goes below the band again.
  act(() => fire([entry("two", false, 600)]));
  expect(result.current).toBe("one");
  unmount();
  expect(observed).toEqual([]);
});
