import { ConvexError } from "convex/values";
import { MAX_SLUG_LENGTH, MAX_TAG_LENGTH, MAX_TAGS_PER_POST, RESERVED_SLUGS, SLUG_PATTERN } from "./constants";

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

/** Why a string cannot be a tag (it is the `/tags/<tag>` path segment), or null when it can. */
export function tagProblem(tag: string): string | null {
  if (tag.length === 0) return "is empty";
  if (tag.length > MAX_TAG_LENGTH) return `is longer than ${MAX_TAG_LENGTH} characters`;
  if (!SLUG_PATTERN.test(tag)) return "may contain only lowercase letters, digits and hyphens";
  return null;
}

/** Why a post's list of tags is not allowed (each tag, repeats, count), or null. */
export function tagListProblem(tags: readonly string[]): string | null {
  if (tags.length > MAX_TAGS_PER_POST) return `has ${tags.length} tags; at most ${MAX_TAGS_PER_POST} are allowed`;
  const seen = new Set<string>();
  for (const tag of tags) {
    const problem = tagProblem(tag);
    if (problem !== null) return `tag ${JSON.stringify(tag)} ${problem}`;
    if (seen.has(tag)) return `tag ${JSON.stringify(tag)} is listed twice`;
    seen.add(tag);
  }
  return null;
}

/** Rejects a lookup argument that no tag could ever be. */
export function checkTagArg(tag: string): void {
  const problem = tagProblem(tag);
  if (problem !== null) throw new ConvexError(`Invalid tag: it ${problem}.`);
}
