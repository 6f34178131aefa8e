import { describe, expect, test } from "vitest";
import { MAX_SEARCH_TEXT_CHARS, MAX_SEARCH_WORDS, SNIPPET_CHARS } from "./constants";
import { distinctWords, headingsOf, htmlToText, proseText, sentences, snippet } from "./search.text";

describe("htmlToText", () => {
  test("one line per block, markup dropped, no heading anchors", () => {
    const html =
      '<div class="heading"><h2 id="setup">Setup</h2><a class="heading-anchor" aria-label="Link to section: Setup" href="#setup">#</a></div><p>Run <code>npm&#x26;&#x3C;x&#x3E;</code> <em>now</em>.</p><ul><li>one</li><li>two</li></ul><pre><code class="hljs"><span class="hljs-keyword">const</span> a</code></pre>';
    expect(htmlToText(html)).toBe("Setup\nRun npm&<x> now.\none\ntwo\nconst a");
  });

  test("blocks never run together, and soft line breaks inside a paragraph are spaces", () => {
    expect(htmlToText("<p>to the totals</p><p>The stats page</p>")).toBe("to the totals\nThe stats page");
    expect(htmlToText("<p>one\ntwo</p>")).toBe("one two");
  });

  test("decodes named and numeric references, leaves unknown ones", () => {
    expect(htmlToText("<p>&amp; &quot;q&quot; &#169; &bogus; &#0;</p>")).toBe('& "q" © &bogus; &#0;');
  });

  test("drops comments and caps the length", () => {
    expect(htmlToText("<p>a<!-- secret --> b</p>")).toBe("a b");
    expect(htmlToText(`<p>${"word ".repeat(MAX_SEARCH_TEXT_CHARS)}</p>`)).toHaveLength(MAX_SEARCH_TEXT_CHARS);
  });
});

test("proseText leaves out code blocks, unless there is nothing else", () => {
  expect(proseText('<p>Set the date.</p><pre><code>date: "2026-10-20"</code></pre><p>Then sync.</p>')).toBe("Set the date.\nThen sync.");
  expect(proseText("<pre><code>only code</code></pre>")).toBe("only code");
});

test("headingsOf lists the headings' text, without anchors", () => {
  const html = '<div class="heading"><h2 id="a">Set <em>up</em></h2><a class="heading-anchor" href="#a">#</a></div><p>x</p><h3>Deep</h3>';
  expect(headingsOf(html)).toBe("Set up\nDeep");
});

test("distinctWords keeps first uses, folded, without stop words, capped", () => {
  expect(distinctWords("The Café and the cafe, C++ and C#; a b 42")).toEqual(["cafe", "c++", "c#", "42"]);
  const many = Array.from({ length: MAX_SEARCH_WORDS + 10 }, (_, i) => `w${i}`).join(" ");
  expect(distinctWords(many)).toHaveLength(MAX_SEARCH_WORDS);
});

test("sentences split after stops, never across lines", () => {
  expect(sentences("One. Two! e.g. three\nHeading\nFour? five.")).toEqual(["One.", "Two! e.g. three", "Heading", "Four? five."]);
});

describe("snippet", () => {
  test("picks the sentence with the most marked words and marks every one", () => {
    const text = "Intro here.\nA cache helps. Caching hashed files with a cache is safe.\nOther.";
    expect(snippet(text, new Set(["cache", "caching"]))).toEqual([
      { text: "Caching", match: true },
      { text: " hashed files with a ", match: false },
      { text: "cache", match: true },
      { text: " is safe.", match: false },
    ]);
  });

  test("a long sentence is cut around its first mark, at word boundaries", () => {
    const text = `${"lead ".repeat(60)}the sync runs ${"tail ".repeat(60)}`.trim();
    const segments = snippet(text, new Set(["sync"]));
    const quoted = segments.map((s) => s.text).join("");
    expect(quoted.startsWith("…")).toBe(true);
    expect(quoted.endsWith("…")).toBe(true);
    expect(quoted.length).toBeLessThanOrEqual(SNIPPET_CHARS + 2);
    expect(segments.filter((s) => s.match).map((s) => s.text)).toEqual(["sync"]);
  });

  test("prefers a whole sentence to a heading holding as many marked words", () => {
    const text = "Published so far\nEverything here was published after a review by two people.";
    expect(snippet(text, new Set(["published"]))[0]).toEqual({ text: "Everything here was ", match: false });
    expect(snippet("Short.\nA longer first sentence that is really a sentence.", new Set())).toEqual([
      { text: "A longer first sentence that is really a sentence.", match: false },
    ]);
  });

  test("with no marked word it quotes the start; an empty text has no quote", () => {
    expect(snippet("Plain body. More.", new Set(["zzz"]))).toEqual([{ text: "Plain body. More.", match: false }]);
    expect(snippet("", new Set(["x"]))).toEqual([]);
  });

  test("marks symbol words and words with accents as written", () => {
    expect(snippet("Learn C++ at the Café.", new Set(["c++", "cafe"]))).toEqual([
      { text: "Learn ", match: false },
      { text: "C++", match: true },
      { text: " at the ", match: false },
      { text: "Café", match: true },
      { text: ".", match: false },
    ]);
  });
});
