import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { engagementHooks, type EngagedTime } from "./engagement";
import { createScrollDepth, MEASURE_AFTER_START_MS, shareSeen } from "./scrollDepth";

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = "";
});

test("the share seen runs from the article's top to the end of its text", () => {
  expect(shareSeen(500, 0, 2_000)).toBe(0.25);
  expect(shareSeen(2_500, 0, 2_000)).toBe(1);
  expect(shareSeen(-10, 0, 2_000)).toBe(0);
  expect(shareSeen(100, 50, 50)).toBe(0);
});

/** An article whose top and text end sit at these viewport positions (jsdom lays nothing out). */
function article(top: number, bottom: number) {
  document.body.innerHTML = `<article class="entry"><div class="prose"></div></article><div>related</div>`;
  const box = (t: number, b: number) => ({ top: t, bottom: b, left: 0, right: 0, width: 0, height: b - t, x: 0, y: t, toJSON: () => ({}) });
  document.querySelector("article")!.getBoundingClientRect = () => box(top, bottom + 400);
  document.querySelector(".prose")!.getBoundingClientRect = () => box(top, bottom);
}

test("keeps the visit's largest share, measured after it starts and on demand; no article, no figure", () => {
  vi.stubGlobal("innerHeight", 1_000);
  const depth = createScrollDepth(window, document);
  depth.reset();
  vi.advanceTimersByTime(MEASURE_AFTER_START_MS[1]);
  expect(depth.max()).toBeNull();

  article(0, 4_000);
  depth.measure();
  expect(depth.max()).toBe(0.25);
  article(-3_000, 1_000);
  depth.measure();
  article(-1_000, 3_000);
  depth.measure();
  expect(depth.max()).toBe(1);

  depth.reset();
  expect(depth.max()).toBeNull();
  vi.advanceTimersByTime(MEASURE_AFTER_START_MS[0]);
  expect(depth.max()).toBe(0.5);
  depth.stop();
  vi.unstubAllGlobals();
});

test("engagement reports carry the depth so far, measured while the page is still the visit's", () => {
  const reports: EngagedTime[] = [];
  let max: number | null = null;
  const depth = { reset: vi.fn(() => (max = null)), measure: vi.fn(() => (max = 0.8)), max: () => max, stop: vi.fn() };
  const hooks = engagementHooks((r) => reports.push(r), depth);
  hooks.visitStarted!("/a");
  hooks.visitHidden!("/a", 1_000);
  // A navigation: the page on screen is the next one, so nothing is measured.
  depth.measure.mockClear();
  hooks.visitEnded!("/a", 2_000, false);
  expect(depth.measure).not.toHaveBeenCalled();
  hooks.visitStarted!("/b");
  hooks.visitEnded!("/b", 500, false);
  expect(reports).toEqual([
    { path: "/a", engagedMs: 1_000, leaving: true, scrollDepth: 0.8 },
    { path: "/a", engagedMs: 1_000, leaving: false, scrollDepth: 0.8 },
    { path: "/b", engagedMs: 500, leaving: false },
  ]);
});
