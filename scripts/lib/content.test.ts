import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { contentHash, loadContent } from "./content";
import { formatProblem } from "./frontmatter";
import { RENDERER_VERSION } from "./render";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "content-"));
  await mkdir(path.join(root, "blog"));
  await mkdir(path.join(root, "pages"));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const post = (slug: string, extra = "", body = "Some words here.") =>
  `---\ntitle: Post ${slug}\ndescription: About ${slug}.\ndate: 2026-01-02\nslug: ${slug}\npublished: true\ntags: [a]\n${extra}---\n\n${body}\n`;
const page = (slug: string, extra = "") => `---\ntitle: Page ${slug}\nslug: ${slug}\npublished: true\n${extra}---\n\nHello.\n`;

async function write(rel: string, text: string) {
  await writeFile(path.join(root, rel), text);
}

describe("loadContent", () => {
  test("gives a post's cover and its body images their file's size, from the public folder", async () => {
    const publicDir = path.join(root, "public");
    await mkdir(path.join(publicDir, "images"), { recursive: true });
    await writeFile(path.join(publicDir, "images", "c.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="720" height="220"></svg>');
    await write("blog/one.md", post("one", "image: /images/c.svg\n", "![Flow](/images/c.svg)\n\n![Gone](/images/none.png)"));
    const { posts, problems } = await loadContent(root, publicDir);
    expect(problems).toEqual([]);
    expect(posts[0]).toMatchObject({ image: "/images/c.svg", imageWidth: 720, imageHeight: 220 });
    expect(posts[0]!.html).toContain('<img src="/images/c.svg" alt="Flow" width="720" height="220"');
    expect(posts[0]!.html).toContain('<img src="/images/none.png" alt="Gone" loading');
  });

  test("builds the documents the sync sends", async () => {
    await write("blog/one.md", post("one", "image: /images/x.svg\n", "# Heading\n\nText with `code`."));
    await write("pages/about.md", page("about", "order: 1\n"));
    await write("blog/notes.txt", "not markdown, ignored");

    const { posts, pages, problems } = await loadContent(root);

    expect(problems).toEqual([]);
    expect(posts).toEqual([
      {
        slug: "one",
        title: "Post one",
        description: "About one.",
        date: "2026-01-02",
        published: true,
        tags: ["a"],
        readTime: "1 min read",
        image: "/images/x.svg",
        content: "# Heading\n\nText with `code`.\n",
        html: "<h1>Heading</h1>\n<p>Text with <code>code</code>.</p>",
        // Midnight of its date in the site's time zone (UTC).
        publishAt: Date.UTC(2026, 0, 2),
        contentHash: contentHash(post("one", "image: /images/x.svg\n", "# Heading\n\nText with `code`.")),
      },
    ]);
    expect(pages).toEqual([expect.objectContaining({ slug: "about", title: "Page about", order: 1, html: "<p>Hello.</p>" })]);
    expect(pages[0]).not.toHaveProperty("image");
  });

  test("keeps an explicit readTime and computes a missing one", async () => {
    await write("blog/a.md", post("a", 'readTime: "9 min read"\n'));
    await write("blog/b.md", post("b", "", "word ".repeat(1000)));
    const { posts } = await loadContent(root);
    expect(posts.map((p) => p.readTime)).toEqual(["9 min read", "5 min read"]);
  });

  test("the content hash changes with the source and with the renderer version", () => {
    expect(contentHash("a")).toBe(contentHash("a"));
    expect(contentHash("a")).not.toBe(contentHash("b"));
    expect(contentHash("a")).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash("a")).toBe(contentHash("a", RENDERER_VERSION));
    expect(contentHash("a", `${RENDERER_VERSION}-next`)).not.toBe(contentHash("a"));
  });

  test("a slug used by a post and a page is reported on the second file, naming the first", async () => {
    await write("blog/about.md", post("about"));
    await write("pages/about.md", page("about"));
    const { problems } = await loadContent(root);
    expect(problems.map(formatProblem)).toEqual([
      `${path.join(root, "pages/about.md")}: slug: "about" is already used by ${path.join(root, "blog/about.md")}`,
    ]);
  });

  test("a slug used twice among posts is reported", async () => {
    await write("blog/a.md", post("same"));
    await write("blog/b.md", post("same"));
    const { problems } = await loadContent(root);
    expect(problems).toEqual([
      { file: path.join(root, "blog/b.md"), field: "slug", message: `"same" is already used by ${path.join(root, "blog/a.md")}` },
    ]);
  });

  test("collects the problems of every file, not just the first", async () => {
    await write("blog/a.md", post("a").replace("published: true", "published: maybe"));
    await write("blog/b.md", post("b").replace("date: 2026-01-02", "date: 2026-02-31"));
    await write("pages/c.md", page("stats"));
    const { problems } = await loadContent(root);
    expect(problems.map((p) => [path.basename(p.file), p.field])).toEqual([
      ["a.md", "published"],
      ["b.md", "date"],
      ["c.md", "slug"],
    ]);
  });

  test("an empty body is a problem", async () => {
    await write("blog/a.md", post("a", "", ""));
    const { problems } = await loadContent(root);
    expect(problems.map((p) => p.field)).toEqual(["body"]);
  });

  test("images from another server are a problem, naming each one; site images are fine", async () => {
    await write("blog/a.md", post("a", "", "![Local](/images/a.png)\n\n![](https://cdn.example/x.png)\n\n<img src=\"//t.example/p.gif\">"));
    await write("blog/b.md", post("b", "", "![Relative](images/b.png) and ![Root](/images/c.png)"));
    const { posts, problems } = await loadContent(root);
    expect(problems).toEqual([
      {
        file: expect.stringMatching(/a\.md$/),
        field: "body",
        message: expect.stringContaining('("https://cdn.example/x.png", "//t.example/p.gif")'),
      },
    ]);
    expect(posts.map((p) => p.slug)).toEqual(["b"]);
  });

  test("a missing folder is a problem rather than an empty site", async () => {
    await rm(path.join(root, "pages"), { recursive: true });
    const { problems } = await loadContent(root);
    expect(problems).toEqual([expect.objectContaining({ field: "folder", message: expect.stringContaining("not found") })]);
  });
});

describe("the project's own content", () => {
  test("is valid and has the sample posts and pages", async () => {
    const { posts, pages, problems } = await loadContent(path.resolve("content"));
    expect(problems.map(formatProblem)).toEqual([]);
    expect(posts.filter((p) => p.published).length).toBeGreaterThanOrEqual(5);
    expect(pages.map((p) => [p.slug, p.order])).toEqual(
      expect.arrayContaining([
        ["about", 1],
        ["projects", 2],
        ["contact", 3],
      ]),
    );
    const html = posts.map((p) => p.html).join("\n");
    expect(html).toContain("<figcaption>");
    expect(html).toContain('class="contains-task-list"');
    expect(html).toContain("<table>");
    for (const lang of ["ts", "bash", "json", "python", "css"]) expect(html).toContain(`language-${lang}`);
  });
});
