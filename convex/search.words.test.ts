import { describe, expect, test } from "vitest";
import { MAX_SEARCH_QUERY_CHARS, MAX_SEARCH_TERMS } from "./constants";
import { editDistance, queryWords, stem, withinOneEdit, words } from "./search.words";

describe("queryWords", () => {
  test.each([
    ["", []],
    ["   ", []],
    ["?!.,;:()[]{}\"'-", []],
    ["++ ## +", []],
    ["Convex, SYNC!", ["convex", "sync"]],
    ["sync sync", ["sync"]],
    ["Naïve CAFÉ 2026", ["naive", "cafe", "2026"]],
    ["c++ and C#", ["c++", "c#"]],
    ["a c x 1", []],
    ["don't the live stats", ["dont", "live", "stats"]],
    ["a+b", []],
  ])("%j → %j", (query, terms) => {
    expect(queryWords(query)).toEqual(terms);
  });

  test("an over-long query has none; many words keep the first 16", () => {
    expect(queryWords("a".repeat(MAX_SEARCH_QUERY_CHARS + 1))).toEqual([]);
    const many = Array.from({ length: 30 }, (_, i) => `w${i}`);
    expect(queryWords(many.join(" "))).toEqual(many.slice(0, MAX_SEARCH_TERMS));
  });
});

test("words drops long runs such as hashes", () => {
  expect(words(`id ${"f".repeat(40)} ok`)).toEqual(["id", "ok"]);
});

test("stem joins word forms and leaves symbols, numbers and short words alone", () => {
  expect(stem("caching")).toBe(stem("cache"));
  expect(stem("debouncing")).toBe(stem("debounce"));
  expect(stem("c++")).toBe("c++");
  expect(stem("2026")).toBe("2026");
  expect(stem("css")).toBe("css");
});

describe("edits", () => {
  test.each([
    ["cachng", "caching", true],
    ["typscript", "typescript", true],
    ["hyperloglgo", "hyperloglog", true],
    ["postgers", "postgres", true],
    ["same", "same", true],
    ["cachng", "cache", false],
    ["abcdef", "abcfed", false],
  ])("%s ~ %s: %s", (a, b, near) => {
    expect(withinOneEdit(a, b)).toBe(near);
    expect(withinOneEdit(b, a)).toBe(near);
    expect(editDistance(a, b, 1) <= 1).toBe(near);
  });

  test("editDistance counts up to its limit", () => {
    expect(editDistance("kitten", "sitting", 3)).toBe(3);
    expect(editDistance("kitten", "sitting", 1)).toBe(2);
    expect(editDistance("ab", "ba", 2)).toBe(1);
  });
});
