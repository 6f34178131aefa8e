import { ConvexError, v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { mutation, query, type DatabaseWriter } from "./_generated/server";
import { MAX_INSIGHT_DOCS, MAX_OPENED_PER_TERM, MAX_SEARCH_RESULTS_REPORTED } from "./constants";
import { liveGeneration } from "./content.live";
import { dayOf, daysOf, newestWholeDays } from "./insights.span";
import { countByVisit, searchesUnderFilters, searchVisitOf } from "./searchStats.context";
import { storableTerm, termProblem } from "./searchStats.terms";
import { slugFormatProblem } from "./slugs";
import { dashboardArgs, searchTerms, type SearchTermRow, type SearchTerms } from "./validators";

// What readers search for, kept per normalized term and day, and per term,
// day and the searcher's whole visit (searchStats.context.ts): no session, no
// time of day, never a document per search. The browser sends a search once typing
// settles (src/tracking/searchCapture.ts) and honours DNT, GPC, the opt-out
// and the bot check before sending anything.

/** A search whose typing settled: its term and how many results it found. */
export const recordSearch = mutation({
  // sessionId only finds the searcher's visit (its attributes are counted); it is never stored.
  args: { term: v.string(), results: v.number(), sessionId: v.optional(v.string()) },
  returns: v.null(),
  handler: async (ctx, { term: raw, results, sessionId }) => {
    checkTerm(raw);
    if (!Number.isSafeInteger(results) || results < 0 || results > MAX_SEARCH_RESULTS_REPORTED) {
      throw new ConvexError(`results must be a whole number from 0 to ${MAX_SEARCH_RESULTS_REPORTED}`);
    }
    const term = storableTerm(raw);
    if (term === null) return null;
    const doc = await termOfToday(ctx.db, term);
    const counts = {
      searches: doc.searches + 1,
      zeroResults: doc.zeroResults + (results === 0 ? 1 : 0),
      results,
    };
    await save(ctx.db, doc, counts);
    const visit = await searchVisitOf(ctx.db, sessionId, Date.now());
    await countByVisit(ctx.db, term, doc.day, visit, (prev) => ({
      searches: prev.searches + 1,
      zeroResults: prev.zeroResults + (results === 0 ? 1 : 0),
      results,
    }));
    return null;
  },
});

/** A result opened from a search of `term`: counted, and named by its slug if it is a live post or page. */
export const recordOpen = mutation({
  args: { term: v.string(), slug: v.string(), sessionId: v.optional(v.string()) },
  returns: v.null(),
  handler: async (ctx, { term: raw, slug, sessionId }) => {
    checkTerm(raw);
    const problem = slugFormatProblem(slug);
    if (problem !== null) throw new ConvexError(`Invalid slug: it ${problem}`);
    const term = storableTerm(raw);
    if (term === null) return null;
    const generation = await liveGeneration(ctx.db);
    const entry = await ctx.db
      .query("searchEntries")
      .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
      .first();
    // Only what search can find is named; anything else is not a result.
    if (entry === null || !entry.visible) return null;
    const doc = await termOfToday(ctx.db, term);
    const opened = doc.opened.map((o) => ({ ...o }));
    const known = opened.find((o) => o.slug === slug);
    if (known !== undefined) known.count += 1;
    else if (opened.length < MAX_OPENED_PER_TERM) opened.push({ slug, count: 1 });
    await save(ctx.db, doc, { opens: doc.opens + 1, opened });
    await countByVisit(ctx.db, term, doc.day, await searchVisitOf(ctx.db, sessionId, Date.now()), (prev) => ({ opens: prev.opens + 1 }));
    return null;
  },
});

/**
 * Terms searched in the range: those with searches that found nothing first
 * (what readers look for and the site lacks), then the most searched. Reads at
 * most MAX_INSIGHT_DOCS term-day documents. Under filters, the term-day-visit
 * documents that match every filter (searchStats.context.ts): exact while
 * they fit one read, else the latest days, marked as a sample; the most
 * opened result is not kept per visit.
 */
export const terms = query({
  args: dashboardArgs,
  returns: searchTerms,
  handler: async (ctx, args): Promise<SearchTerms> => {
    const days = daysOf(args);
    if (args.filters.length > 0) {
      const { docs, sample, contextFrom } = await searchesUnderFilters(ctx.db, args.filters, days);
      const rows = rowsOf(docs.map((doc) => ({ ...doc, opened: [] })));
      return { rows, ...(sample === null ? {} : { sample }), ...(contextFrom === null ? {} : { contextFrom }) };
    }
    const read = await ctx.db
      .query("searchTerms")
      .withIndex("by_day_and_term", (q) => q.gte("day", days.from).lt("day", days.to))
      .order("desc")
      .take(MAX_INSIGHT_DOCS);
    const { kept, from } = newestWholeDays(read, MAX_INSIGHT_DOCS);
    return { rows: rowsOf(kept), ...(from === null ? {} : { sample: { docs: read.length, from } }) };
  },
});

type TermDay = Pick<Doc<"searchTerms">, "term" | "day" | "searches" | "zeroResults" | "results" | "opens" | "opened">;

function rowsOf(docs: TermDay[]): SearchTermRow[] {
  const byTerm = new Map<string, SearchTermRow & { openedBy: Map<string, number>; day: number }>();
  for (const doc of docs) {
    let row = byTerm.get(doc.term);
    if (row === undefined) {
      row = { term: doc.term, searches: 0, zeroResults: 0, results: doc.results, opens: 0, topOpened: null, openedBy: new Map(), day: doc.day };
      byTerm.set(doc.term, row);
    }
    row.searches += doc.searches;
    row.zeroResults += doc.zeroResults;
    row.opens += doc.opens;
    if (doc.day >= row.day && doc.searches > 0) {
      row.day = doc.day;
      row.results = doc.results;
    }
    for (const { slug, count } of doc.opened) row.openedBy.set(slug, (row.openedBy.get(slug) ?? 0) + count);
  }
  const rows = [...byTerm.values()]
    .filter((row) => row.searches > 0)
    .map(({ openedBy, day: _day, ...row }) => ({ ...row, topOpened: topOf(openedBy) }));
  rows.sort((a, b) => Number(b.zeroResults > 0) - Number(a.zeroResults > 0) || b.searches - a.searches || a.term.localeCompare(b.term));
  return rows;
}

function checkTerm(raw: string): void {
  const problem = termProblem(raw);
  if (problem !== null) throw new ConvexError(problem);
}

type TermDoc = Omit<Doc<"searchTerms">, "_id" | "_creationTime"> & { _id: Doc<"searchTerms">["_id"] | null };

/** Today's document of `term`, or a fresh one to insert. */
async function termOfToday(db: DatabaseWriter, term: string): Promise<TermDoc> {
  const day = dayOf(Date.now());
  const doc = await db
    .query("searchTerms")
    .withIndex("by_day_and_term", (q) => q.eq("day", day).eq("term", term))
    .unique();
  return doc ?? { _id: null, term, day, searches: 0, zeroResults: 0, results: 0, opens: 0, opened: [] };
}

async function save(db: DatabaseWriter, doc: TermDoc, change: Partial<Omit<Doc<"searchTerms">, "_id" | "_creationTime" | "term" | "day">>) {
  const { _id, ...fields } = doc;
  if (_id === null) await db.insert("searchTerms", { ...fields, ...change });
  else await db.patch("searchTerms", _id, change);
}

function topOf(counts: Map<string, number>): string | null {
  let top: string | null = null;
  let most = 0;
  for (const [slug, count] of counts) {
    if (count > most || (count === most && top !== null && slug < top)) [top, most] = [slug, count];
  }
  return top;
}
