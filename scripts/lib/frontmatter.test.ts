import { describe, expect, test } from "vitest";
import { formatProblem, isRealDate, pageFrontmatter, parseFrontmatter, postFrontmatter } from "./frontmatter";

const FILE = "content/blog/example.md";
const REMOTE = "must be a file on this site, such as /images/cover.png: an image from another server would send every reader's address to it";

const validPost: Record<string, string> = {
  title: "A title",
  description: "A description.",
  date: "2026-03-01",
  slug: "a-title",
  published: "true",
  tags: "[one, two]",
};

function postSource(fields: Record<string, string | undefined>, body = "\nThe body.\n"): string {
  const lines = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join("\n")}\n---\n${body}`;
}

function problemsFor(fields: Record<string, string | undefined>): string[] {
  const result = parseFrontmatter(FILE, postSource({ ...validPost, ...fields }), postFrontmatter);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe("parseFrontmatter", () => {
  test("parses a valid post and strips the frontmatter from the body", () => {
    const result = parseFrontmatter(FILE, postSource({ ...validPost, readTime: '"7 min read"', image: "/images/a.svg" }), postFrontmatter);
    expect(result).toEqual({
      ok: true,
      body: "The body.\n",
      data: {
        title: "A title",
        description: "A description.",
        date: "2026-03-01",
        slug: "a-title",
        published: true,
        tags: ["one", "two"],
        readTime: "7 min read",
        image: "/images/a.svg",
      },
    });
  });

  test("parses a page with and without order", () => {
    const page = (extra: string) => parseFrontmatter("content/pages/about.md", `---\ntitle: About\nslug: about\npublished: true\n${extra}---\nHi.\n`, pageFrontmatter);
    expect(page("order: 2\n")).toMatchObject({ ok: true, data: { title: "About", slug: "about", published: true, order: 2 } });
    expect(page("")).toMatchObject({ ok: true, data: { slug: "about" } });
  });

  test.each([
    ["title", { title: undefined }, "title: is required"],
    ["description", { description: undefined }, "description: is required"],
    ["date", { date: undefined }, "date: is required"],
    ["slug", { slug: undefined }, "slug: is required"],
    ["published", { published: undefined }, "published: is required"],
    ["tags", { tags: undefined }, "tags: is required"],
  ])("names the file and the missing %s field", (_field, fields, message) => {
    expect(problemsFor(fields)).toEqual([`${FILE}: ${message}`]);
  });

  test.each([
    [{ title: '""' }, "title: must not be empty"],
    [{ title: "[a, b]" }, "title: must be text, got a list"],
    [{ published: "yes" }, 'published: must be true or false, got "yes"'],
    [{ published: "1" }, "published: must be true or false, got number 1"],
    [{ tags: "notes" }, 'tags: must be a list of tags, got "notes"'],
    [{ tags: "[ok, 5]" }, "tags.1: must be text, got number 5"],
    [{ readTime: "3" }, "readTime: must be text, got number 3"],
    [{ image: "images/x.png" }, "image: must be a site path starting with /, such as /images/cover.png"],
    [{ image: "javascript:alert(1)" }, `image: ${REMOTE}`],
    [{ image: "https://cdn.example/x.png" }, `image: ${REMOTE}`],
    [{ image: "//evil.example/x.png" }, `image: ${REMOTE}`],
  ])("reports an ill-typed field: %j", (fields, message) => {
    expect(problemsFor(fields)).toEqual([`${FILE}: ${message}`]);
  });

  test.each([
    ["2026-3-1", 'date: must be a date written YYYY-MM-DD, got "2026-3-1"'],
    ["01/03/2026", 'date: must be a date written YYYY-MM-DD, got "01/03/2026"'],
    ["2026-02-30", 'date: is not a real calendar date, got "2026-02-30"'],
    ["2025-02-29", 'date: is not a real calendar date, got "2025-02-29"'],
    ["2026-13-01", 'date: is not a real calendar date, got "2026-13-01"'],
  ])("rejects the bad date %s", (date, message) => {
    expect(problemsFor({ date })).toEqual([`${FILE}: ${message}`]);
  });

  test.each([
    ["Hello-World", 'slug: may contain only lowercase letters, digits and hyphens, got "Hello-World"'],
    ["hello_world", 'slug: may contain only lowercase letters, digits and hyphens, got "hello_world"'],
    ["rss.xml", 'slug: may contain only lowercase letters, digits and hyphens, got "rss.xml"'],
    ['""', "slug: is empty, got \"\""],
    ["stats", `slug: "stats" is reserved for the site's own /stats route`],
    ["api", `slug: "api" is reserved for the site's own /api route`],
    ["tags", `slug: "tags" is reserved for the site's own /tags route`],
    ["page", `slug: "page" is reserved for the site's own /page route`],
  ])("rejects the slug %s", (slug, message) => {
    expect(problemsFor({ slug })).toEqual([`${FILE}: ${message}`]);
  });

  test.each([
    ["2026-03-01T9:30", 'publishAt: must be a time written YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (in the site\'s time zone), got "2026-03-01T9:30"'],
    ["2026-02-30T09:30", 'publishAt: must be a time written YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (in the site\'s time zone), got "2026-02-30T09:30"'],
    ["2026-03-01T24:00", 'publishAt: must be a time written YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (in the site\'s time zone), got "2026-03-01T24:00"'],
    ["2026-03-01T09:30:60", 'publishAt: must be a time written YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (in the site\'s time zone), got "2026-03-01T09:30:60"'],
    ["2026-03-01T09:30:5", 'publishAt: must be a time written YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (in the site\'s time zone), got "2026-03-01T09:30:5"'],
  ])("rejects the publish time %s", (time, message) => {
    expect(problemsFor({ publishAt: `"${time}"` })).toEqual([`${FILE}: ${message}`]);
  });

  test("accepts a publish time, to the minute or the second", () => {
    expect(problemsFor({ publishAt: '"2026-03-01T09:30"' })).toEqual([]);
    expect(problemsFor({ publishAt: '"2026-03-01T09:30:15"' })).toEqual([]);
  });

  test("aliases: a list of old slugs, each a valid slug, none twice", () => {
    expect(problemsFor({ aliases: "[old-title, older-title]" })).toEqual([]);
    const parsed = parseFrontmatter(FILE, postSource({ ...validPost, aliases: "[old-title]" }), postFrontmatter);
    expect(parsed.ok && parsed.data.aliases).toEqual(["old-title"]);
    expect(problemsFor({ aliases: "old-title" })).toEqual([`${FILE}: aliases: must be a list of old slugs, got "old-title"`]);
    expect(problemsFor({ aliases: "[Old Title]" })[0]).toMatch(/^content\/blog\/example\.md: aliases\.0: /);
    expect(problemsFor({ aliases: "[old-title, old-title]" })).toEqual([`${FILE}: aliases: must not list a slug twice`]);
  });

  test.each([
    ["[Convex]", 'tags: tag "Convex" may contain only lowercase letters, digits and hyphens'],
    ['["two words"]', 'tags: tag "two words" may contain only lowercase letters, digits and hyphens'],
    ["[a/b]", 'tags: tag "a/b" may contain only lowercase letters, digits and hyphens'],
    [`[${"x".repeat(41)}]`, `tags: tag "${"x".repeat(41)}" is longer than 40 characters`],
    ["[notes, notes]", 'tags: tag "notes" is listed twice'],
    ["[a, b, c, d, e, f, g, h, i, j, k]", "tags: has 11 tags; at most 10 are allowed"],
  ])("rejects the tags %s", (tags, message) => {
    expect(problemsFor({ tags })).toEqual([`${FILE}: ${message}`]);
  });

  test("reports unknown fields, so typos are not silently ignored", () => {
    expect(problemsFor({ publised: "true" })).toEqual([`${FILE}: publised: is not a known field`]);
  });

  test("reports every problem of a file at once", () => {
    expect(problemsFor({ title: undefined, date: "2026-02-30", published: "no" })).toHaveLength(3);
  });

  test("reports invalid YAML with its line in the file", () => {
    const result = parseFrontmatter(FILE, "---\ntitle: a\nslug: b: c\n---\nBody", postFrontmatter);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      expect.stringMatching(new RegExp(`^${FILE}: frontmatter: is not valid YAML \\(line 3, column \\d+\\): `)),
    ]);
  });

  test("reports a missing frontmatter block", () => {
    const result = parseFrontmatter(FILE, "# Just markdown\n", postFrontmatter);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      `${FILE}: frontmatter: is missing: start the file with a --- block`,
    ]);
  });

  test("reports frontmatter that is not a mapping", () => {
    const result = parseFrontmatter(FILE, "---\n- a\n- b\n---\nBody", postFrontmatter);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      `${FILE}: frontmatter: must be a mapping of field: value lines`,
    ]);
  });
});

describe("isRealDate", () => {
  test.each([
    ["2024-02-29", true],
    ["2026-12-31", true],
    ["2026-04-31", false],
    ["2026-00-10", false],
    ["2026-01-00", false],
  ])("%s is %s", (date, expected) => {
    expect(isRealDate(date)).toBe(expected);
  });
});
