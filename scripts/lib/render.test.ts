import { describe, expect, test } from "vitest";
import * as appIds from "../../src/lib/appIds";
import { renderDocument, renderMarkdown } from "./render";

describe("renderMarkdown: GitHub-flavoured markdown", () => {
  test("renders tables with alignment", () => {
    const html = renderMarkdown("| a | b |\n| :- | -: |\n| 1 | 2 |");
    expect(html).toContain("<table>");
    expect(html).toContain('<th align="left">a</th>');
    expect(html).toContain('<td align="right">2</td>');
  });

  test("renders task lists as disabled checkboxes", () => {
    const html = renderMarkdown("- [x] done\n- [ ] todo");
    expect(html).toContain('<ul class="contains-task-list">');
    // Each box is named by its item, for screen readers.
    expect(html).toContain('<li class="task-list-item"><input type="checkbox" checked disabled aria-label="done"> done</li>');
    expect(html).toContain('<li class="task-list-item"><input type="checkbox" disabled aria-label="todo"> todo</li>');
  });

  test("renders strikethrough and autolinks", () => {
    const html = renderMarkdown("~~old~~ see https://example.com");
    expect(html).toContain("<del>old</del>");
    expect(html).toContain('<a href="https://example.com">https://example.com</a>');
  });

  test("footnote links point at the ids the footnotes really have", () => {
    const html = renderMarkdown("Text[^1].\n\n[^1]: The note.");
    const hrefs = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    expect(hrefs.length).toBeGreaterThan(1);
    for (const href of hrefs) expect(ids).toContain(href);
  });
});

describe("renderMarkdown: code", () => {
  test.each([
    ["ts", "const x: number = 1;", "hljs-keyword"],
    ["bash", "echo $HOME", "hljs-built_in"],
    ["json", '{"a": 1}', "hljs-attr"],
    ["python", "def f():\n    return 1", "hljs-keyword"],
    ["css", "a { color: red; }", "hljs-attribute"],
  ])("highlights %s with hljs classes", (lang, code, tokenClass) => {
    const html = renderMarkdown("```" + lang + "\n" + code + "\n```");
    expect(html).toContain(`<pre><code class="hljs language-${lang}">`);
    expect(html).toContain(`<span class="${tokenClass}">`);
  });

  test("leaves a block without a language plain", () => {
    expect(renderMarkdown("```\nplain <text>\n```")).toBe("<pre><code>plain &#x3C;text>\n</code></pre>");
  });

  test("escapes markup inside code", () => {
    const html = renderMarkdown("```html\n<script>alert(1)</script>\n```");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#x3C;");
  });
});

describe("renderMarkdown: tables", () => {
  test("sit in a focusable region named by their headers, numbered when names repeat", () => {
    const table = "| Field | Type |\n|---|---|\n| a | b |\n";
    const html = renderMarkdown(`${table}\n${table}\n| |\n|-|\n|x|\n`);
    expect(html).toContain('<div class="table-scroll" role="region" tabindex="0" aria-label="Table: Field, Type"><table>');
    expect(html).toContain('aria-label="Table: Field, Type (2)"');
    expect(html).toContain('aria-label="Table"');
  });
});

describe("renderMarkdown: images", () => {
  test("an image alone in a paragraph becomes a figure captioned by its alt text, opening full size on tap", () => {
    expect(renderMarkdown("![A diagram of the sync](/images/flow.svg)")).toBe(
      '<figure><a href="/images/flow.svg" class="figure-link"><img src="/images/flow.svg" alt="A diagram of the sync" loading="lazy" decoding="async"></a>' +
        "<figcaption>A diagram of the sync</figcaption></figure>",
    );
  });

  test("the caption is text, never markup", () => {
    const html = renderMarkdown('![<b onmouseover="x">bold</b>](/a.svg)');
    expect(html).toContain("<figcaption>&#x3C;b onmouseover=\"x\">bold&#x3C;/b></figcaption>");
  });

  test("an image without alt text gets no caption and no link", () => {
    expect(renderMarkdown("![](/a.svg)")).toBe('<figure><img src="/a.svg" alt="" loading="lazy" decoding="async"></figure>');
  });

  test("an image inside a sentence stays inline", () => {
    const html = renderMarkdown("An icon ![i](/i.svg) in text.");
    expect(html).not.toContain("<figure>");
    expect(html).toContain('<img src="/i.svg" alt="i" loading="lazy" decoding="async">');
  });
});

describe("renderDocument: images from other servers", () => {
  test("lists every remote image, in markdown or raw HTML, and none of the site's own", () => {
    const { remoteImages } = renderDocument(
      "![a](/images/a.png) ![b](b.png) ![c](https://cdn.example/c.png)\n\n<img src=\"http://x.example/d.gif\"> <img src=\"//y.example/e.gif\">",
    );
    expect(remoteImages).toEqual(["https://cdn.example/c.png", "http://x.example/d.gif", "//y.example/e.gif"]);
  });

  test("an image the sanitizer drops is not listed", () => {
    expect(renderDocument('<img src="javascript:alert(1)">').remoteImages).toEqual([]);
  });
});

describe("renderMarkdown: raw HTML is untrusted", () => {
  test.each([
    ["a script element", "<script>alert(1)</script>"],
    ["an onerror handler", '<img src="x" onerror="alert(1)">'],
    ["a javascript: link", '<a href="javascript:alert(1)">click</a>'],
    ["a markdown javascript: link", "[click](javascript:alert(1))"],
    ["an iframe", '<iframe src="https://evil.example"></iframe>'],
    ["a style element", "<style>body { display: none }</style>"],
    ["an svg with script", "<svg><script>alert(1)</script></svg>"],
    ["an inline handler on a div", '<div onclick="alert(1)">x</div>'],
    ["a data: image", '<img src="data:text/html,<script>alert(1)</script>">'],
    ["a form", '<form action="https://evil.example"><input name="q"></form>'],
  ])("renders %s inert", (_name, source) => {
    const html = renderMarkdown(`Before.\n\n${source}\n\nAfter.`);
    expect(html).not.toMatch(/<script|<iframe|<style|<form|<svg/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/javascript:|data:/i);
    expect(html).toContain("After.");
  });

  test("keeps harmless raw HTML", () => {
    const html = renderMarkdown("<details><summary>More</summary>\n\nHidden text.\n\n</details>");
    expect(html).toContain("<details><summary>More</summary>");
    expect(html).toContain("<p>Hidden text.</p>");
  });

  test("prefixes author ids so they cannot clobber globals", () => {
    expect(renderMarkdown('<a id="location" name="x">a</a>')).toContain('id="user-content-location"');
  });
});

describe("renderMarkdown: heading anchors", () => {
  test("gives h2-h6 readable, unique ids", () => {
    const html = renderMarkdown("## Hello, World!\n\n### Hello, World!\n\n## Ünïcode café");
    expect(html).toContain('<h2 id="hello-world">');
    expect(html).toContain('<h3 id="hello-world-1">');
    expect(html).toContain('<h2 id="unicode-cafe">');
  });

  test("never gives a heading one of the app's own ids", () => {
    for (const id of Object.values(appIds)) {
      const words = id.replace(/[_-]/g, " ");
      const html = renderMarkdown(`## ${id}\n\n## ${words}\n\n<h2 id="${id}">raw</h2>`);
      expect(html).not.toContain(`id="${id}"`);
    }
  });

  test("leaves the h1 alone and links to headings keep working", () => {
    const html = renderMarkdown("# Title\n\n## Setup\n\nSee [setup](#setup).");
    expect(html).toContain("<h1>Title</h1>");
    expect(html).toContain('<a href="#setup">setup</a>');
  });

  test("each h2-h6 gets a labelled link to itself, after it, keeping the heading's own text", () => {
    const html = renderMarkdown("# Title\n\n## Set *up* <b>now</b>\n\n#### Deep");
    expect(html).toContain(
      '<div class="heading"><h2 id="set-up-now">Set <em>up</em> <b>now</b></h2><a class="heading-anchor" aria-label="Link to section: Set up now" href="#set-up-now">#</a></div>',
    );
    expect(html).toContain('<a class="heading-anchor" aria-label="Link to section: Deep" href="#deep">#</a>');
    expect(html).not.toContain('href="#title"');
  });
});
