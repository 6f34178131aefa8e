import { v } from "convex/values";
import { query } from "./_generated/server";
import { SEARCH_CANDIDATES, SEARCH_RESULTS_LIMIT } from "./constants";
import { liveGeneration } from "./content.live";
import { relevance, searchTerms, snippet } from "./search.text";
import { searchResult, type SearchResult } from "./validators";

/**
 * Published posts and pages whose title or text holds the query's words, best
 * first, each with a quoted snippet. An empty, punctuation-only or over-long
 * query finds nothing rather than failing: the box asks as the reader types.
 */
export const search = query({
  args: { query: v.string() },
  returns: v.array(searchResult),
  handler: async (ctx, args) => {
    const terms = searchTerms(args.query);
    if (terms.length === 0) return [];
    const generation = await liveGeneration(ctx.db);
    const candidates = await ctx.db
      .query("searchDocs")
      .withSearchIndex("search_text", (q) => q.search("text", terms.join(" ")).eq("visible", true).eq("generation", generation))
      .take(SEARCH_CANDIDATES);
    return candidates
      .map((doc, rank) => {
        const body = doc.text.slice(doc.title.length + 1);
        return { doc, body, rank, score: relevance(terms, doc.title, body) };
      })
      .sort((a, b) => b.score - a.score || a.rank - b.rank)
      .slice(0, SEARCH_RESULTS_LIMIT)
      .map(({ doc, body }): SearchResult => {
        const result: SearchResult = { type: doc.kind, slug: doc.slug, title: doc.title, snippet: snippet(terms, body) };
        if (doc.date !== undefined) result.date = doc.date;
        return result;
      });
  },
});
