import { describe, expect, test } from "vitest";
import { MAX_SEARCH_QUERY_CHARS, MAX_SEARCH_TERMS, MAX_SEARCH_TEXT_CHARS, SNIPPET_CHARS } from "./constants";
import { htmlToText, relevance, searchTerms, snippet } from "./search.text";

describe("htmlToText", () => {
  test("keeps the words, drops the markup, separates blocks", () => {
    const html = '<h2 id="setup">Setup</h2><p>Run <code>npm&#x26;&#x3C;x&#x3E;</code> <em>now</em>.</p><ul><li>one</li><li>two</li></ul><pre><code class="hljs"><span class="hljs-keyword">const</span> a</code></pre>';
    expect(htmlToText(html)).toBe("Setup Run npm&<x> now. one two const a");
  });

  test("decodes named and numeric references, leaves unknown ones", () => {
    expect(htmlToText("<p>&amp; &quot;q&quot; &#169; &bogus; &#0;</p>")).toBe('& "q" © &bogus; &#0;');
  });

  test("drops comments and caps the length", () => {
    expect(htmlToText("<p>a<!-- secret --> b</p>")).toBe("a b");
    expect(htmlToText(`<p>${"word ".repeat(MAX_SEARCH_TEXT_CHARS)}</p>`)).toHaveLength(MAX_SEARCH_TEXT_CHARS);
  });
});

describe("searchTerms", () => {
  test.each([
    ["", []],
    ["   ", []],
    ["?!.,;:()[]{}\"'-", []],
    ["Convex, SYNC!", ["convex", "sync"]],
    ["sync sync", ["sync"]],
    ["naïve café 2026", ["naïve", "café", "2026"]],
  ])("%j → %j", (query, terms) => {
    expect(searchTerms(query)).toEqual(terms);
  });

  test("an over-long query has no terms; many words keep the first 16", () => {
    expect(searchTerms("a".repeat(MAX_SEARCH_QUERY_CHARS + 1))).toEqual([]);
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`);
    expect(searchTerms(words.join(" "))).toEqual(words.slice(0, MAX_SEARCH_TERMS));
  });
});

describe("relevance", () => {
  test("a title match outweighs text matches; more terms score higher", () => {
    const inTitle = relevance(["sync"], "How sync works", "nothing here");
    const inText = relevance(["sync"], "Other", "sync sync sync");
    expect(inTitle).toBeGreaterThan(inText);
    expect(relevance(["live", "stats"], "t", "live stats")).toBeGreaterThan(relevance(["live", "stats"], "t", "live only"));
  });

  test("matches word starts only", () => {
    expect(relevance(["sync"], "t", "async")).toBe(0);
    expect(relevance(["sync"], "t", "syncing")).toBe(1);
  });
});

describe("snippet", () => {
  test("quotes the text around the first match and marks every match", () => {
    const body = `${"lead ".repeat(60)}the sync runs; Sync again. ${"tail ".repeat(60)}`;
    const segments = snippet(["sync"], body);
    const text = segments.map((s) => s.text).join("");
    expect(text.startsWith("…")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(text.length).toBeLessThanOrEqual(SNIPPET_CHARS + 2);
    expect(segments.filter((s) => s.match).map((s) => s.text)).toEqual(["sync", "Sync"]);
  });

  test("starts at the beginning for a match near the start, and for a title-only match", () => {
    expect(snippet(["short"], "Short text.")).toEqual([
      { text: "Short", match: true },
      { text: " text.", match: false },
    ]);
    expect(snippet(["zzz"], "Plain body.")).toEqual([{ text: "Plain body.", match: false }]);
    expect(snippet(["x"], "")).toEqual([]);
  });
});
