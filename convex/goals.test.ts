// The goals config's checks, and each goal's figures from the repository's own goals.config.ts.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import goalsConfig from "../goals.config";
import { api } from "./_generated/api";
import { checkGoals, GoalConfigError, matchesPattern } from "./goals.check";
import { page, post, seedContent, sessionId } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";

describe("checkGoals", () => {
  test("the repository's goals.config.ts is valid", () => {
    expect(checkGoals(goalsConfig).length).toBeGreaterThan(0);
  });

  test.each([
    [{}, /must be an array/],
    [[{ id: "Bad Id", name: "x", path: "/a" }], /goal 1: id must be/],
    [[{ id: "a", name: "x", path: "/a" }, { id: "a", name: "y", path: "/b" }], /goal 2 \("a"\): id is used/],
    [[{ id: "a", name: "", path: "/a" }], /name must be text/],
    [[{ id: "a", name: "x" }], /exactly one of path, outboundHost or download/],
    [[{ id: "a", name: "x", path: "/a", download: "*" }], /exactly one of/],
    [[{ id: "a", name: "x", path: "about" }], /path must be a path starting with "\/"/],
    [[{ id: "a", name: "x", outboundHost: "https://github.com/" }], /outboundHost must be a bare host/],
    [[{ id: "a", name: "x", paths: "/a" }], /unknown field "paths"/],
  ])("%j is refused with a clear message", (raw, message) => {
    expect(() => checkGoals(raw)).toThrow(GoalConfigError);
    expect(() => checkGoals(raw)).toThrow(message);
  });

  test("patterns: * is any characters, the rest literal", () => {
    expect(matchesPattern("/how-*", "/how-this-site-is-built")).toBe(true);
    expect(matchesPattern("/how-*", "/about")).toBe(false);
    expect(matchesPattern("*.pdf", "/files/a.pdf")).toBe(true);
    expect(matchesPattern("/a.b", "/axb")).toBe(false);
  });
});

describe("goals.report", () => {
  const START = Date.UTC(2025, 0, 15, 12);
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test("each goal's visitors, conversions and rate over the range's visitors", async () => {
    const t = initConvexTest();
    await seedContent(t, {
      posts: [post("how-to-a", "How to A"), post("how-to-b", "How to B"), post("other", "Other")],
      pages: [page("about", "About")],
    });
    const [a, b, c, d] = [1, 2, 3, 4].map(sessionId) as [string, string, string, string];
    const view = (path: string, sid: string) => t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sid });
    await view("/about", a);
    await view("/about", b);
    await view("/how-to-a", c);
    await view("/other", d);
    vi.advanceTimersByTime(60_000);
    await view("/how-to-b", c);
    await t.mutation(api.links.recordClick, { url: "https://github.com/me", page: "/other", sessionId: d });
    await t.mutation(api.links.recordClick, { url: "https://gist.github.com/me/1", page: "/other", sessionId: d });
    await t.mutation(api.links.recordClick, { url: "/files/talk.pdf", page: "/other", sessionId: a });

    const report = await t.query(api.goals.report, { range: "7d", anchor: Date.now(), filters: [] });
    expect(report.visitors).toBe(4);
    const byId = new Map(report.goals.map((g) => [g.id, g]));
    expect(byId.get("about")).toMatchObject({ kind: "visit", visitors: 2, conversions: 2, rate: 0.5, approximate: false });
    // Two pages match the pattern, both read by one reader: one visitor, exactly.
    expect(byId.get("any-post-guide")).toMatchObject({ visitors: 1, conversions: 2, approximate: false });
    expect(byId.get("github")).toMatchObject({ kind: "outbound", visitors: 1, conversions: 2, rate: 0.25 });
    expect(byId.get("download")).toMatchObject({ kind: "download", visitors: 1, conversions: 1 });
  });
});
