// The browser's own pass over stored HTML. The sync sanitizes at write time;
// this pass is what holds for rows written some other way with the admin key.
// DOMPurify does the parsing-level work (scripts, handlers, URL schemes,
// mutation XSS); the rules below keep only what the site's content uses.
import DOMPurify, { type Config } from "dompurify";

const CONFIG: Config = {
  // HTML only: no SVG or MathML (their animation and namespace tricks are
  // the classic ways around sanitizers, and stored content never holds them).
  USE_PROFILES: { html: true },
  // Forms and dialogs could pose as the site; style and popovers can cover
  // it; template content escapes the checks of a second parse.
  FORBID_TAGS: ["style", "template", "form", "button", "select", "textarea", "dialog"],
  FORBID_ATTR: ["style", "srcset", "background", "action", "formaction", "popover", "popovertarget", "popovertargetaction"],
};

/** Attributes whose URL the browser fetches by itself, without a click. */
const FETCHED_URL_ATTRS = new Set(["src", "poster"]);

/** The classes the sync's renderer emits: highlighting, task lists, footnotes, heading links, figures, table scrollers. */
const CONTENT_CLASS =
  /^(?:hljs(?:-[a-z_]+)?|[a-z]+_+|language-[\w-]+|contains-task-list|task-list-item|footnotes|sr-only|data-footnote-backref|heading|heading-anchor|figure-link|table-scroll)$/;

/** Same origin as the page: an image from anywhere else would tell that server who reads what. */
function isSiteUrl(value: string): boolean {
  try {
    return new URL(value, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

const purify = DOMPurify(window);

purify.addHook("uponSanitizeAttribute", (_node, data) => {
  if (FETCHED_URL_ATTRS.has(data.attrName) && !isSiteUrl(data.attrValue)) data.keepAttr = false;
  if (data.attrName === "class") {
    data.attrValue = data.attrValue
      .split(/\s+/)
      .filter((name) => CONTENT_CLASS.test(name))
      .join(" ");
  }
});

purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "IMG") {
    node.setAttribute("loading", "lazy");
    node.setAttribute("decoding", "async");
  } else if (node.tagName === "INPUT") {
    // Markdown's task lists are the only inputs content has: read-only checkboxes.
    node.setAttribute("type", "checkbox");
    node.setAttribute("disabled", "");
  }
});

export function sanitizeHtml(html: string): string {
  return purify.sanitize(html, CONFIG);
}

// Shipped in this lazy chunk rather than the entry; see sanitizer.ts.
export { attachCopyButtons } from "./codeCopy";
