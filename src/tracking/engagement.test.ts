import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createEngagement, MAX_ENGAGED_MS } from "./engagement";

describe("createEngagement", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse("2025-03-10T09:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reports the visible time of a path when the next one starts", () => {
    const engagement = createEngagement();
    expect(engagement.enter("/a", true)).toBeNull();
    vi.advanceTimersByTime(12_000);
    expect(engagement.enter("/b", true)).toEqual({ path: "/a", engagedMs: 12_000 });
    vi.advanceTimersByTime(3_500);
    expect(engagement.leave()).toEqual({ path: "/b", engagedMs: 3_500 });
  });

  it("does not count time while the tab is hidden", () => {
    const engagement = createEngagement();
    engagement.enter("/a", true);
    vi.advanceTimersByTime(5_000);
    expect(engagement.visibility(false)).toEqual({ path: "/a", engagedMs: 5_000 });
    vi.advanceTimersByTime(60_000);
    expect(engagement.visibility(true)).toBeNull();
    vi.advanceTimersByTime(2_000);
    expect(engagement.leave()).toEqual({ path: "/a", engagedMs: 2_000 });
  });

  it("starts counting a page opened in a background tab only once it is shown", () => {
    const engagement = createEngagement();
    engagement.enter("/a", false);
    vi.advanceTimersByTime(30_000);
    engagement.visibility(true);
    vi.advanceTimersByTime(4_000);
    expect(engagement.leave()).toEqual({ path: "/a", engagedMs: 4_000 });
  });

  it("reports nothing when no visible time passed, and nothing twice", () => {
    const engagement = createEngagement();
    expect(engagement.leave()).toBeNull();
    engagement.enter("/a", true);
    expect(engagement.visibility(false)).toBeNull();
    expect(engagement.visibility(false)).toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(engagement.leave()).toBeNull();
  });

  it("a repeated 'visible' does not restart the count", () => {
    const engagement = createEngagement();
    engagement.enter("/a", true);
    vi.advanceTimersByTime(1_000);
    engagement.visibility(true);
    vi.advanceTimersByTime(1_000);
    expect(engagement.leave()).toEqual({ path: "/a", engagedMs: 2_000 });
  });

  it("caps one report at the server's limit", () => {
    const engagement = createEngagement();
    engagement.enter("/a", true);
    vi.advanceTimersByTime(MAX_ENGAGED_MS + 60_000);
    expect(engagement.leave()).toEqual({ path: "/a", engagedMs: MAX_ENGAGED_MS });
  });
});

describe("createEngagement on pages that are not tracked", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("counts nothing while the path is null", () => {
    const engagement = createEngagement();
    engagement.enter("/a", true);
    vi.advanceTimersByTime(1_000);
    expect(engagement.enter(null, true)).toEqual({ path: "/a", engagedMs: 1_000 });
    vi.advanceTimersByTime(5_000);
    expect(engagement.visibility(false)).toBeNull();
    engagement.visibility(true);
    vi.advanceTimersByTime(5_000);
    expect(engagement.enter("/b", true)).toBeNull();
  });
});
