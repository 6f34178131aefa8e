import { describe, expect, test } from "vitest";
import { buildIndex, search } from "./search.engine";
import { searchHelp } from "./search.help";
import { packIndex } from "./search.pack";

type Row = Parameters<typeof packIndex>[0][number];

function entry(slug: string, fields: Partial<Row> = {}): Row {
  return { kind: "post", slug, title: slug, date: "2025-01-01", description: "", tags: [], headings: "", words: "", ...fields };
}

const indexOf = (rows: Row[]) => buildIndex(packIndex(rows));

const slugs = (entries: Row[], query: string) => search(indexOf(entries), query).hits.map((h) => h.entry.slug);

describe("search", () => {
  test("field order: title, description, tags, headings, body", () => {
    const entries = [
      entry("body", { title: "a", words: "lantern" }),
      entry("headings", { title: "b", headings: "Lantern" }),
      entry("tags", { title: "c", tags: ["lantern"] }),
      entry("description", { title: "d", description: "A lantern." }),
      entry("title", { title: "The lantern" }),
    ];
    expect(slugs(entries, "lantern")).toEqual(["title", "description", "tags", "headings", "body"]);
  });

  test("a whole word or a form of it ranks above a prefix in the same field", () => {
    const entries = [entry("prefix", { title: "x", words: "statistics" }), entry("whole", { title: "y", words: "stats" })];
    expect(slugs(entries, "stat")).toEqual(["whole", "prefix"]);
    expect(slugs([entry("forms", { title: "z", words: "caching" })], "cache")).toEqual(["forms"]);
  });

  test("every word must match; only without such an entry do the ones matching most come back", () => {
    const entries = [entry("both", { title: "q", words: "live stats" }), entry("live", { title: "r", words: "live" }), entry("about", { title: "About" })];
    const all = search(indexOf(entries), "live stats");
    expect(all.hits.map((h) => h.entry.slug)).toEqual(["both"]);
    expect(all.complete).toBe(true);
    const most = search(indexOf(entries), "live stats zzzqqq");
    expect(most.complete).toBe(false);
    expect(most.hits.map((h) => h.entry.slug)).toEqual(["both", "live"]);
  });

  test("c++ matches only c++; lone letters and symbols match nothing", () => {
    const entries = [entry("cpp", { title: "x", words: "c++" }), entry("c", { title: "y", words: "code cache" })];
    expect(slugs(entries, "c++")).toEqual(["cpp"]);
    expect(slugs(entries, "c")).toEqual([]);
    expect(slugs(entries, "+++")).toEqual([]);
  });

  test("one typo is forgiven in a word of five letters or more that the index lacks", () => {
    const entries = [entry("ts", { title: "TypeScript notes" }), entry("cat", { title: "cats" }), entry("state", { title: "state" }), entry("stats", { title: "stats" })];
    const answer = search(indexOf(entries), "typscript");
    expect(answer.hits.map((h) => h.entry.slug)).toEqual(["ts"]);
    expect(answer.corrected).toBe("typescript");
    expect(slugs(entries, "cays")).toEqual([]);
    // "state" is a word of the index: it is not read as a typo of "stats".
    expect(slugs(entries, "state")).toEqual(["state"]);
  });

  test("marks name the words as written that matched", () => {
    const answer = search(indexOf([entry("a", { title: "Caching", words: "cache cached" })]), "cache");
    expect(answer.marks.toSorted()).toEqual(["cache", "cached", "caching"]);
  });

  test("ties go to the newer post", () => {
    const entries = [entry("old", { date: "2024-01-01", words: "x1 topic" }), entry("new", { date: "2025-01-01", words: "x2 topic" })];
    expect(slugs(entries, "topic")).toEqual(["new", "old"]);
  });
});

describe("searchHelp", () => {
  const entries = [
    entry("a", { title: "Accessible dialogs", tags: ["accessibility", "ui"], date: "2025-01-01" }),
    entry("b", { title: "Fonts", tags: ["typography"], date: "2025-03-01" }),
    entry("c", { title: "Grid", tags: ["css", "ui"], date: "2025-02-01" }),
    entry("about", { kind: "page", title: "About", date: undefined }),
  ];

  test("offers a correction within two edits, the nearest tags and the newest posts", () => {
    const help = searchHelp(indexOf(entries), "acessiblity");
    expect(help.didYouMean).toBe("accessibility");
    expect(help.tags[0]).toEqual({ tag: "accessibility", count: 1 });
    expect(help.latest.map((e) => e.slug)).toEqual(["b", "c", "a"]);
  });

  test("for nonsense: no correction, the most used tags", () => {
    const help = searchHelp(indexOf(entries), "xqzvbn");
    expect(help.didYouMean).toBeNull();
    expect(help.tags.map((t) => t.tag)).toEqual(["ui", "accessibility", "css", "typography"]);
  });
});
