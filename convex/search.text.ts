import { MAX_SEARCH_QUERY_CHARS, MAX_SEARCH_TERMS, MAX_SEARCH_TEXT_CHARS, SNIPPET_CHARS } from "./constants";
import type { SnippetSegment } from "./validators";

// Pure text work for search: what the sync indexes and how a query is read,
// ranked and quoted. No database access, so it is tested on its own.

// Tags after which a reader sees a break between words.
const BLOCK_TAGS = /^(?:p|div|h[1-6]|li|ul|ol|pre|blockquote|figure|figcaption|table|thead|tbody|tr|td|th|br|hr|dt|dd|section|details|summary)$/i;

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * The words a reader sees in a post's sanitized HTML, whitespace collapsed,
 * capped at MAX_SEARCH_TEXT_CHARS. The renderer (rehype-stringify) writes
 * well-formed markup and numeric character references, which this decodes.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g, (_, tag: string) => (BLOCK_TAGS.test(tag) ? " " : ""))
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => decodeReference(ref) ?? whole)
    .replace(/\s+/g, " ")
    .trim();
  return text.length > MAX_SEARCH_TEXT_CHARS ? text.slice(0, MAX_SEARCH_TEXT_CHARS) : text;
}

function decodeReference(ref: string): string | undefined {
  if (ref[0] !== "#") return NAMED_ENTITIES[ref.toLowerCase()];
  const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/**
 * The words of a query, lowercased, at most MAX_SEARCH_TERMS of them (real
 * Convex reads no more). Punctuation separates words, as in the index. An
 * empty, punctuation-only or over-long query has none.
 */
export function searchTerms(query: string): string[] {
  if (query.length > MAX_SEARCH_QUERY_CHARS) return [];
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_SEARCH_TERMS);
}

/** Matches any term at the start of a word, as the search index does. */
function termPattern(terms: readonly string[]): RegExp {
  // Terms hold only letters and digits, so they need no escaping.
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.join("|")})`, "giu");
}

/**
 * Orders candidates the index found: more distinct terms in the title first,
 * then more distinct terms in the text. Ties keep the index's own order.
 */
export function relevance(terms: readonly string[], title: string, body: string): number {
  let score = 0;
  for (const term of terms) {
    // A title match outweighs any number of text matches.
    if (termPattern([term]).test(title)) score += terms.length + 1;
    if (termPattern([term]).test(body)) score += 1;
  }
  return score;
}

/**
 * About SNIPPET_CHARS of `body` around its first match, cut at word
 * boundaries, as segments with the matched word starts marked.
 */
export function snippet(terms: readonly string[], body: string): SnippetSegment[] {
  if (terms.length === 0 || body.length === 0) return body.length === 0 ? [] : [{ text: clip(body, 0), match: false }];
  const first = termPattern(terms).exec(body);
  const at = first?.index ?? 0;
  let start = Math.max(0, at - Math.floor(SNIPPET_CHARS / 3));
  if (start > 0) {
    const space = body.indexOf(" ", start);
    start = space === -1 || space >= at ? start : space + 1;
  }
  const window = clip(body, start);
  const segments: SnippetSegment[] = [];
  let last = 0;
  for (const match of window.matchAll(termPattern(terms))) {
    if (match.index > last) segments.push({ text: window.slice(last, match.index), match: false });
    segments.push({ text: match[0], match: true });
    last = match.index + match[0].length;
  }
  if (last < window.length) segments.push({ text: window.slice(last), match: false });
  return segments;
}

/** SNIPPET_CHARS from `start`, ending on a word boundary, with ellipses where text was cut. */
function clip(body: string, start: number): string {
  let end = Math.min(body.length, start + SNIPPET_CHARS);
  if (end < body.length) {
    const space = body.lastIndexOf(" ", end);
    if (space > start) end = space;
  }
  return `${start > 0 ? "…" : ""}${body.slice(start, end)}${end < body.length ? "…" : ""}`;
}
