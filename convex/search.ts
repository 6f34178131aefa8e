import { ConvexError, v } from "convex/values";
import { query } from "./_generated/server";
import { MAX_SEARCH_WORD_CHARS, MAX_SNIPPET_MARKS, SEARCH_RESULTS_LIMIT } from "./constants";
import { readBody } from "./content";
import { liveGeneration } from "./content.live";
import { readIndexChunk } from "./search.chunk";
import { checkSlugArg } from "./slugs";
import { proseText, snippet } from "./search.text";
import { foldCase } from "./search.words";
import { searchIndexChunk, searchSnippet, type SearchSnippet } from "./validators";

// Search runs in the browser (convex/search.engine.ts), on an index built from
// `index`, so dev and production match and rank with the same code. The
// server only hands out the entries and quotes the sentences of the results.

/**
 * The published posts and pages after slug `after` (from the first when
 * absent) as the search index needs them: short fields and distinct body
 * words (packed), no body text. One chunk of bounded size (SEARCH_CHUNK_*),
 * so a big blog's index comes in several queries each within Convex's read
 * limits. Live, so a sync updates open searches; Convex caches each chunk
 * for every reader until the next sync.
 */
export const index = query({
  args: { after: v.optional(v.string()) },
  returns: searchIndexChunk,
  handler: async (ctx, { after }) => {
    if (after !== undefined) checkSlugArg(after);
    return await readIndexChunk(ctx.db, after);
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
