import { MAX_SEARCH_HEADINGS_CHARS, MAX_SEARCH_TEXT_CHARS, MAX_SEARCH_WORDS, SNIPPET_CHARS } from "./constants";
import { foldCase, words } from "./search.words";
import type { SnippetSegment } from "./validators";

// Pure text work for search: the plain text the sync reads out of a post's
// HTML, and the quoted sentence a result shows. No database access, so it is
// tested on its own.

// Tags that end a block: the reader sees a new line, so the text gets one too.
const BLOCK_TAGS = /^(?:p|div|h[1-6]|li|ul|ol|pre|blockquote|figure|figcaption|table|thead|tbody|tr|td|th|br|hr|dt|dd|section|details|summary)$/i;

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

// The "#" link the renderer puts after every heading is navigation, not text.
const HEADING_ANCHOR = /<a\b[^>]*\bclass="[^"]*\bheading-anchor\b[^"]*"[^>]*>[\s\S]*?<\/a>/gi;

/**
 * The text a reader sees in a post's sanitized HTML: one line per block
 * (paragraph, heading, list item, cell), whitespace inside a block collapsed,
 * capped at MAX_SEARCH_TEXT_CHARS. The renderer (rehype-stringify) writes
 * well-formed markup and numeric character references, which this decodes.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(HEADING_ANCHOR, "")
    .replace(/\s+/g, " ")
    .replace(/<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g, (_, tag: string) => (BLOCK_TAGS.test(tag) ? "\n" : ""))
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => decodeReference(ref) ?? whole)
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n");
  return text.length > MAX_SEARCH_TEXT_CHARS ? text.slice(0, MAX_SEARCH_TEXT_CHARS) : text;
}

function decodeReference(ref: string): string | undefined {
  if (ref[0] !== "#") return NAMED_ENTITIES[ref.toLowerCase()];
  const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/**
 * The text a result is quoted from: the post without its code blocks, whose
 * lines are not sentences. A post that is nothing but code is quoted as is.
 */
export function proseText(html: string): string {
  return htmlToText(html.replace(/<pre\b[\s\S]*?<\/pre>/gi, "\n")) || htmlToText(html);
}

/** The text of every heading in the HTML, one per line, capped at MAX_SEARCH_HEADINGS_CHARS. */
export function headingsOf(html: string): string {
  const found: string[] = [];
  for (const match of html.matchAll(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>/gi)) {
    const text = htmlToText(match[1]!).replace(/\n/g, " ");
    if (text !== "") found.push(text);
  }
  return found.join("\n").slice(0, MAX_SEARCH_HEADINGS_CHARS);
}

/** The distinct searchable words of a text, in order of first use, at most MAX_SEARCH_WORDS. */
export function distinctWords(text: string): string[] {
  const seen = new Set<string>();
  for (const word of words(text)) {
    if (seen.size >= MAX_SEARCH_WORDS) break;
    seen.add(word);
  }
  return [...seen];
}

/** The sentences of a text: never across a block (line), split after . ! ? or …. */
export function sentences(text: string): string[] {
  return text
    .split("\n")
    .flatMap((line) => line.split(/(?<=[.!?…])\s+(?=[^\s\p{Ll}])/u))
    .filter((s) => s !== "");
}

// A word as the index reads it, found in the original text so its case and accents are kept.
const WORD_IN_TEXT = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*(?:(?:\+\+|#)(?![\p{L}\p{N}]))?/gu;

/** Distinct words of `sentence` that are in `marks` (folded words). */
function markedIn(sentence: string, marks: ReadonlySet<string>): number {
  const hit = new Set<string>();
  for (const [word] of sentence.matchAll(WORD_IN_TEXT)) {
    const folded = foldCase(word).replace(/['’]/g, "");
    if (marks.has(folded)) hit.add(folded);
  }
  return hit.size;
}

/** Shorter lines are headings or fragments, a poorer quote than a sentence. */
const MIN_SENTENCE_CHARS = 40;

/**
 * A result's quote: the sentence of `text` holding the most distinct marked
 * words (the first full sentence if none does), followed by the next sentences of its
 * block while they fit in SNIPPET_CHARS; a long sentence is cut at word
 * boundaries around its first mark, with ellipses. Marked words come back
 * as their own segments.
 */
export function snippet(text: string, marks: ReadonlySet<string>): SnippetSegment[] {
  const lines = text.split("\n").map(sentences);
  let best: { line: number; index: number; score: number } | null = null;
  lines.forEach((line, l) =>
    line.forEach((sentence, i) => {
      // A whole sentence beats a heading or a fragment holding as many marked words.
      const score = (marks.size === 0 ? 0 : 2 * markedIn(sentence, marks)) + (sentence.length >= MIN_SENTENCE_CHARS ? 1 : 0);
      if (best === null || score > best.score) best = { line: l, index: i, score };
    }),
  );
  if (best === null) return [];
  const { line, index } = best as { line: number; index: number };
  const block = lines[line]!;
  let quote = block[index]!;
  for (let i = index + 1; i < block.length && quote.length + 1 + block[i]!.length <= SNIPPET_CHARS; i++) quote += ` ${block[i]}`;
  return segments(clipAround(quote, marks), marks);
}

/** At most SNIPPET_CHARS of `quote`, around its first mark, ending on word boundaries. */
function clipAround(quote: string, marks: ReadonlySet<string>): string {
  if (quote.length <= SNIPPET_CHARS) return quote;
  let at = 0;
  for (const match of quote.matchAll(WORD_IN_TEXT)) {
    if (marks.has(foldCase(match[0]).replace(/['’]/g, ""))) {
      at = match.index;
      break;
    }
  }
  let start = Math.max(0, at - Math.floor(SNIPPET_CHARS / 3));
  if (start > 0) {
    const space = quote.indexOf(" ", start);
    start = space === -1 || space >= at ? start : space + 1;
  }
  let end = Math.min(quote.length, start + SNIPPET_CHARS);
  if (end < quote.length) {
    const space = quote.lastIndexOf(" ", end);
    if (space > start) end = space;
  }
  return `${start > 0 ? "…" : ""}${quote.slice(start, end)}${end < quote.length ? "…" : ""}`;
}

function segments(quote: string, marks: ReadonlySet<string>): SnippetSegment[] {
  const out: SnippetSegment[] = [];
  let last = 0;
  for (const match of quote.matchAll(WORD_IN_TEXT)) {
    if (!marks.has(foldCase(match[0]).replace(/['’]/g, ""))) continue;
    if (match.index > last) out.push({ text: quote.slice(last, match.index), match: false });
    out.push({ text: match[0], match: true });
    last = match.index + match[0].length;
  }
  if (last < quote.length) out.push({ text: quote.slice(last), match: false });
  return out;
}
