import type { Element, ElementContent, Root, RootContent } from "hast";
import type { Options as AutolinkOptions } from "rehype-autolink-headings";
import type { VFile } from "vfile";
import type { ImageSizer } from "./imageSizes";

// Small tree transforms that run AFTER sanitization. They only restructure
// sanitized nodes, remove attributes, or add ones whose values they compute themselves, so
// nothing from the author reaches the output unchecked.

type Parent = Root | Element;

function walk(node: Parent, visit: (el: Element, parent: Parent, index: number) => void): void {
  node.children.forEach((child, index) => {
    if (child.type !== "element") return;
    visit(child, node, index);
    walk(child, visit);
  });
}

function textOf(node: Root | RootContent | ElementContent): string {
  if (node.type === "text") return node.value;
  if (node.type === "element" || node.type === "root") {
    return node.children.map((c) => textOf(c)).join("");
  }
  return "";
}

const isBlank = (node: ElementContent) => node.type === "text" && node.value.trim() === "";

/**
 * A paragraph holding nothing but one image becomes a figure whose caption is
 * the image's alt text, so authors get captions from plain markdown.
 */
export function rehypeFigure() {
  return (tree: Root) => {
    walk(tree, (el, parent, index) => {
      if (el.tagName !== "p") return;
      const meaningful = el.children.filter((c) => !isBlank(c));
      const img = meaningful[0];
      if (meaningful.length !== 1 || img?.type !== "element" || img.tagName !== "img") return;
      const alt = typeof img.properties.alt === "string" ? img.properties.alt.trim() : "";
      const image: Element = {
        ...img,
        properties: { ...img.properties, alt },
      };
      // Diagrams are drawn for a wide column: a tap opens one at full size.
      // The alt text names the link, so a decorative image gets none.
      const link: Element = { type: "element", tagName: "a", properties: { href: img.properties.src, className: ["figure-link"] }, children: [image] };
      const children: ElementContent[] = [typeof img.properties.src === "string" && alt !== "" ? link : image];
      if (alt !== "") {
        children.push({
          type: "element",
          tagName: "figcaption",
          properties: {},
          children: [{ type: "text", value: alt }],
        });
      }
      parent.children[index] = { type: "element", tagName: "figure", properties: {}, children };
    });
  };
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9\s-]/g, "")
    .trim()
    .replace(/[\s-]+/g, "-")
    .replace(/^-|-$/g, "");
}

declare module "vfile" {
  interface DataMap {
    /** Set by rehypeRemoteImages. */
    remoteImages: string[];
  }
}

/**
 * True when the browser would fetch `url` from the page's own origin, on an
 * http or an https page. Parsed as a browser parses it, so `//host`,
 * `/\host`, `https:host` and tab-split schemes count as the other host they are.
 */
export function isSiteUrl(url: string): boolean {
  return ["https://site.invalid", "http://site.invalid"].every((origin) => {
    try {
      return new URL(url, `${origin}/`).origin === origin;
    } catch {
      return false;
    }
  });
}

/** Attributes whose URL the browser fetches by itself, without a click. */
const FETCHED_URL_PROPERTIES = ["src", "poster"] as const;

/**
 * Removes every `src` and `poster` not served by this site: readers'
 * browsers would fetch it from another server, telling it who reads what.
 * The images among them are listed in `file.data.remoteImages`, so the sync
 * can refuse the file and tell its author.
 */
export function rehypeRemoteImages() {
  return (tree: Root, file: VFile) => {
    const found: string[] = [];
    walk(tree, (el) => {
      for (const name of FETCHED_URL_PROPERTIES) {
        const value = el.properties[name];
        if (value === undefined || value === null) continue;
        if (typeof value === "string" && isSiteUrl(value)) continue;
        if (el.tagName === "img") found.push(String(value));
        delete el.properties[name];
      }
    });
    file.data.remoteImages = found;
  };
}

/**
 * Every image loads lazily and decodes off the main thread; with the HTML
 * trusted at render (prds/frontend.md, "Untrusted HTML"), this is the only place
 * that sets it.
 */
export function rehypeLazyImages() {
  return (tree: Root) => {
    walk(tree, (el) => {
      if (el.tagName !== "img") return;
      el.properties.loading = "lazy";
      el.properties.decoding = "async";
    });
  };
}

/**
 * Site images get their file's width and height, unless the author gave
 * them, so the browser reserves their box before they load.
 */
export function rehypeImageSizes(sizeOf: ImageSizer | undefined) {
  return (tree: Root) => {
    if (!sizeOf) return;
    walk(tree, (el) => {
      const { src, width, height } = el.properties;
      if (el.tagName !== "img" || typeof src !== "string" || width !== undefined || height !== undefined) return;
      const size = sizeOf(src);
      if (size) Object.assign(el.properties, size);
    });
  };
}

const HEADING = /^h[2-6]$/;

/**
 * h2-h6 get a readable id from their text for anchor links. Headings that
 * already carry one (raw HTML, prefixed by the sanitizer) keep it.
 */
export function rehypeHeadingIds() {
  return (tree: Root) => {
    const taken = new Set<string>();
    walk(tree, (el) => {
      if (typeof el.properties.id === "string") taken.add(el.properties.id);
    });
    walk(tree, (el) => {
      if (!HEADING.test(el.tagName) || el.properties.id !== undefined) return;
      const base = slugify(textOf(el));
      if (base === "") return;
      let id = base;
      for (let n = 1; taken.has(id); n++) id = `${base}-${n}`;
      taken.add(id);
      el.properties.id = id;
    });
  };
}

function safeDecode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * The sanitizer prefixes author ids (footnotes, raw HTML anchors) with
 * `user-content-` against DOM clobbering; point same-page links at the
 * prefixed ids so they keep working.
 */
export function rehypeLocalLinks(prefix: string) {
  return (tree: Root) => {
    const ids = new Set<string>();
    walk(tree, (el) => {
      if (typeof el.properties.id === "string") ids.add(el.properties.id);
    });
    walk(tree, (el) => {
      const href = el.properties.href;
      if (el.tagName !== "a" || typeof href !== "string" || !href.startsWith("#")) return;
      const target = safeDecode(href.slice(1));
      if (!ids.has(target) && ids.has(prefix + target)) el.properties.href = `#${prefix}${href.slice(1)}`;
    });
  };
}

/**
 * Each heading with an id gets a "#" link to itself, for copying, placed after
 * the heading inside a wrapper (so the heading's accessible name stays its
 * text) and shown on hover and focus by the site's CSS.
 */
export const headingAnchor: AutolinkOptions = {
  behavior: "after",
  test: (el) => HEADING.test(el.tagName),
  group: { type: "element", tagName: "div", properties: { className: ["heading"] }, children: [] },
  properties: (heading) => ({ className: ["heading-anchor"], ariaLabel: `Link to section: ${textOf(heading).trim()}` }),
  content: { type: "text", value: "#" },
};

/**
 * Wide tables scroll inside a region that keyboard users can focus, named
 * after the table's column headers (numbered when two would share a name).
 */
export function rehypeTableRegions() {
  return (tree: Root) => {
    const names = new Map<string, number>();
    walk(tree, (el, parent, index) => {
      if (el.tagName !== "table") return;
      const headers: string[] = [];
      walk(el, (cell) => {
        if (cell.tagName === "th") headers.push(textOf(cell).trim());
      });
      const base = headers.filter(Boolean).length > 0 ? `Table: ${headers.filter(Boolean).join(", ")}` : "Table";
      const seen = (names.get(base) ?? 0) + 1;
      names.set(base, seen);
      parent.children[index] = {
        type: "element",
        tagName: "div",
        properties: { className: ["table-scroll"], role: "region", tabIndex: 0, ariaLabel: seen > 1 ? `${base} (${seen})` : base },
        children: [el],
      };
    });
  };
}

/** GitHub task-list checkboxes are named by their item's text. */
export function rehypeTaskLabels() {
  return (tree: Root) => {
    walk(tree, (el) => {
      if (el.tagName !== "li") return;
      const box = el.children.find((c): c is Element => c.type === "element" && c.tagName === "input" && c.properties.type === "checkbox");
      if (box) box.properties.ariaLabel = textOf(el).trim() || "Task";
    });
  };
}
