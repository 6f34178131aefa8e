// The app's own element ids on pages that show an article. Each carries an
// underscore: the ids the sync gives article headings (slugify in
// scripts/lib/rehypePlugins.ts) never do, and author-written ids get a
// `user-content-` prefix, so a heading titled "Main" cannot take the skip
// link's target.

export const MAIN_ID = "main_content";
export const ENTRY_TITLE_ID = "entry_title";
