// One case per entry of our own additions (stats.sourceNames.ts), through the
// same naming the capture uses.
import { describe, expect, test } from "vitest";
import { HOST_SOURCES, RENAMED_SOURCES, TAG_SOURCES } from "./stats.sourceNames";
import { namedHost, sourceOf } from "./stats.sources";

describe("HOST_SOURCES", () => {
  test.each(Object.entries(HOST_SOURCES))("%s is %o", (host, named) => {
    expect(sourceOf({ referrerHost: host }, undefined)).toEqual({ source: named.name, channel: named.channel });
  });
});

describe("RENAMED_SOURCES", () => {
  const hostOf: Record<string, string> = { Twitter: "mobile.twitter.com", Youtube: "m.youtube.com", StackOverflow: "stackoverflow.com" };
  test.each(Object.entries(RENAMED_SOURCES))("the data set's %s shows as %s", (from, to) => {
    expect(hostOf[from]).toBeDefined();
    expect(namedHost(hostOf[from]!)?.name).toBe(to);
  });
});

describe("TAG_SOURCES", () => {
  test.each(Object.entries(TAG_SOURCES))("utm_source=%s is %o", (tag, named) => {
    expect(sourceOf({ utmSource: tag }, undefined)).toEqual({ source: named.name, channel: named.channel });
    expect(sourceOf({}, tag.toUpperCase())).toEqual({ source: named.name, channel: named.channel });
  });
});

test("the data set names the sources the issue lists", () => {
  const names = ["google.com", "bing.com", "duckduckgo.com", "news.ycombinator.com", "reddit.com", "facebook.com", "linkedin.com", "github.com"].map(
    (host) => namedHost(host)?.name,
  );
  expect(names).toEqual(["Google", "Bing", "DuckDuckGo", "Hacker News", "Reddit", "Facebook", "LinkedIn", "GitHub"]);
});
