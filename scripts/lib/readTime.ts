/** A typical silent-reading pace for prose on a screen. */
export const WORDS_PER_MINUTE = 200;

// Fenced code is read more slowly than prose, but skimmed more often; counting
// its words as prose words keeps the estimate simple and close enough.
const MARKUP = /[#>*_`~|[\]()!]+/g;

export function countWords(markdown: string): number {
  return markdown
    .replace(/<[^>]*>/g, " ")
    .replace(/\]\([^)]*\)/g, "]")
    .replace(MARKUP, " ")
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** "N min read", never less than one minute. */
export function readTime(markdown: string): string {
  const minutes = Math.max(1, Math.round(countWords(markdown) / WORDS_PER_MINUTE));
  return `${minutes} min read`;
}
