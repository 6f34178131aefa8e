import { ConvexError, v } from "convex/values";
import { query } from "./_generated/server";
import { MAX_SEARCH_ENTRIES, MAX_SEARCH_WORD_CHARS, MAX_SNIPPET_MARKS, SEARCH_RESULTS_LIMIT } from "./constants";
import { readBody } from "./content";
import { liveGeneration } from "./content.live";
import { packIndex } from "./search.pack";
import { checkSlugArg } from "./slugs";
import { proseText, snippet } from "./search.text";
import { foldCase } from "./search.words";
import { searchIndexData, searchSnippet, type SearchSnippet } from "./validators";

// Search runs in the browser (convex/search.engine.ts), on an index built from
// `index`, so dev and production match and rank with the same code. The
// server only hands out the entries and quotes the sentences of the results.

/**
 * Every published post and page as the search index needs it: short fields
 * and distinct body words (packed), no body text. Live, so a sync updates
 * open searches; Convex caches it for every reader until the next sync.
 */
export const index = query({
  args: {},
  returns: searchIndexData,
  handler: async (ctx) => {
    const generation = await liveGeneration(ctx.db);
    const rows = await ctx.db
      .query("searchEntries")
      .withIndex("by_generation_and_visible_and_slug", (q) => q.eq("generation", generation).eq("visible", true))
      .take(MAX_SEARCH_ENTRIES);
    return packIndex(rows.map(({ kind, slug, title, date, description, tags, headings, words }) => ({ kind, slug, title, description, tags, headings, words, ...(date === undefined ? {} : { date }) })));
  },
});

/**
 * For each result slug, the sentence of its text that holds the most of the
 * matched words, with them marked. Unknown or unpublished slugs are left out.
 */
export const snippets = query({
  args: { slugs: v.array(v.string()), marks: v.array(v.string()) },
  returns: v.array(searchSnippet),
  handler: async (ctx, { slugs, marks }) => {
    if (slugs.length > SEARCH_RESULTS_LIMIT) throw new ConvexError(`At most ${SEARCH_RESULTS_LIMIT} slugs per request.`);
    if (marks.length > MAX_SNIPPET_MARKS) throw new ConvexError(`At most ${MAX_SNIPPET_MARKS} words to mark.`);
    for (const slug of slugs) checkSlugArg(slug);
    if (marks.some((mark) => mark.length > MAX_SEARCH_WORD_CHARS)) throw new ConvexError(`A word to mark is longer than ${MAX_SEARCH_WORD_CHARS} characters.`);
    const folded = new Set(marks.map(foldCase));
    const found: SearchSnippet[] = [];
    const generation = await liveGeneration(ctx.db);
    for (const slug of new Set(slugs)) {
      const entry = await ctx.db
        .query("searchEntries")
        .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
        .first();
      if (entry === null || !entry.visible) continue;
      const body = await readBody(ctx.db, entry.ownerId);
      found.push({ slug, snippet: snippet(proseText(body?.html ?? ""), folded) });
    }
    return found;
  },
});
