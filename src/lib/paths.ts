// The site's own URLs for lists, in one place.

/** The tags index. */
export const TAGS_PATH = "/tags";

/** A tag's page. Tags are checked at sync to be URL-safe (the slug rule). */
export const tagPath = (tag: string) => `${TAGS_PATH}/${tag}`;
