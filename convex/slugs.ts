import { ConvexError } from "convex/values";
import { MAX_SLUG_LENGTH, RESERVED_SLUGS, SLUG_PATTERN } from "./constants";

const reserved: ReadonlySet<string> = new Set(RESERVED_SLUGS);

/** Why a string cannot be a slug in URLs, or null when it can. */
export function slugFormatProblem(slug: string): string | null {
  if (slug.length === 0) return "is empty";
  if (slug.length > MAX_SLUG_LENGTH) return `is longer than ${MAX_SLUG_LENGTH} characters`;
  if (!SLUG_PATTERN.test(slug)) return "may contain only lowercase letters, digits and hyphens";
  return null;
}

/** Why a post or page may not use this slug, or null when it may. */
export function contentSlugProblem(slug: string): string | null {
  if (reserved.has(slug)) return `"${slug}" is reserved for the site's own /${slug} route`;
  return slugFormatProblem(slug);
}

/** Rejects a lookup argument that no content could ever have as its slug. */
export function checkSlugArg(slug: string): void {
  const problem = slugFormatProblem(slug);
  if (problem !== null) throw new ConvexError(`Invalid slug: it ${problem}.`);
}
