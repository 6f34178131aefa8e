// What of a reader's search may be kept: the normalized term, unless it looks
// like personal data. Pure; the second dot keeps it from being a Convex module.
import { MAX_SEARCH_QUERY_CHARS, MAX_SEARCH_TERM_CHARS } from "./constants";

/**
 * Shapes that name or reach a person rather than a topic. A term matching one
 * is not stored at all: an email address, a run of six or more digits (phone,
 * card, account or ID numbers, however grouped), an IBAN, a social
 * "@handle", or a URL with a query (often carries tokens).
 */
const PERSONAL_PATTERNS: readonly RegExp[] = [
  /[^\s@]+@[^\s@]+\.[^\s@]+/,
  /\d(?:[\s\-./()]*\d){5,}/,
  /\b[a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){2,}/i,
  /(?:^|\s)@\w{2,}/,
  /\bhttps?:\/\/\S*[?#]/i,
];

/** A term as stored: NFKC, lower-case, spaces collapsed, cut to MAX_SEARCH_TERM_CHARS. "" when nothing is left. */
export function normalizeTerm(raw: string): string {
  return [...spacedOf(raw)].slice(0, MAX_SEARCH_TERM_CHARS).join("").trim();
}

function spacedOf(raw: string): string {
  return raw
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function looksPersonal(term: string): boolean {
  return PERSONAL_PATTERNS.some((pattern) => pattern.test(term));
}

/** Why a term is refused outright (bad input), or null. A personal-looking term is not refused: it is dropped quietly. */
export function termProblem(raw: string): string | null {
  if (raw.length > MAX_SEARCH_QUERY_CHARS) return `A search term must be at most ${MAX_SEARCH_QUERY_CHARS} characters`;
  if (normalizeTerm(raw) === "") return "A search term must have a visible character";
  return null;
}

/** The term to store, or null when it must not be stored. Call termProblem first. */
export function storableTerm(raw: string): string | null {
  // Checked whole, before the cut: a number cut in two must still be caught.
  if (looksPersonal(spacedOf(raw))) return null;
  const term = normalizeTerm(raw);
  return term === "" ? null : term;
}
