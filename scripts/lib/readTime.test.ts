import { describe, expect, test } from "vitest";
import { countWords, readTime, WORDS_PER_MINUTE } from "./readTime";

describe("readTime", () => {
  test("is at least one minute", () => {
    expect(readTime("")).toBe("1 min read");
    expect(readTime("Just a few words.")).toBe("1 min read");
  });

  test(`rounds words / ${WORDS_PER_MINUTE} to whole minutes`, () => {
    const words = (n: number) => Array.from({ length: n }, () => "word").join(" ");
    expect(readTime(words(WORDS_PER_MINUTE * 3))).toBe("3 min read");
    expect(readTime(words(WORDS_PER_MINUTE * 3 + 99))).toBe("3 min read");
    expect(readTime(words(WORDS_PER_MINUTE * 3 + 101))).toBe("4 min read");
  });

  test("counts words, not markup", () => {
    expect(countWords("## A *bold* [link](https://example.com/very/long/url) - and `code`")).toBe(5);
    expect(countWords("privacy-friendly <br/> | table | cell |")).toBe(3);
  });
});
