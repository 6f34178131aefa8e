// Searches by visit attribute, so the Searches panel can follow a /stats
// filter while terms stay aggregate: a search adds one to its term's day
// document of each attribute of the searcher's visit (the page searched on,
// entry page, source, channel, referrer host, UTM tags, device, browser, OS,
// country), never a document per search, and no session id. Attributes are
// kept apart, so one filter is answered exactly; two can't be combined.
// Imported by searchStats.ts; the second dot keeps it from being a Convex module.
import type { Doc } from "./_generated/dataModel";
import type { DatabaseReader, DatabaseWriter } from "./_generated/server";
import { MAX_INSIGHT_DOCS } from "./constants";
import { FIELD_OF } from "./dashboard.fold";
import type { DayRange } from "./insights.span";
import { isUuid } from "./stats.input";
import { ongoingVisitOf } from "./stats.visit";
import type { StatsDimension, StatsFilter } from "./validators";

/** Every filter but exit, which a search can't know (its visit goes on): an exit filter is answered as the page searched on. */
const KEPT = ["page", "entry", "source", "channel", "sourceHost", "utmSource", "utmMedium", "utmCampaign", "device", "browser", "os", "country"] as const satisfies readonly StatsDimension[];
type Kept = (typeof KEPT)[number];

export type SearchVisit = Record<Kept, string>;

/** The searcher's visit: the session's latest view if under VISIT_GAP_MS old; "" (unknown) for every attribute otherwise. */
export async function searchVisitOf(db: DatabaseReader, sessionId: string | undefined, now: number): Promise<SearchVisit> {
  const id = sessionId !== undefined && isUuid(sessionId) ? sessionId.toLowerCase() : null;
  const live = id === null ? null : await ongoingVisitOf(db, id, now);
  const entries = KEPT.map((dimension) => {
    if (live === null) return [dimension, ""] as const;
    const field = FIELD_OF[dimension];
    return [dimension, (field === "path" ? live.path : live[field]) ?? ""] as const;
  });
  return Object.fromEntries(entries) as SearchVisit;
}

type Counts = Pick<Doc<"searchTermContexts">, "searches" | "zeroResults" | "results" | "opens">;

/** Adds to the term's day document of each of the visit's attributes: 12 reads, 12 writes. */
export async function countByVisit(db: DatabaseWriter, term: string, day: number, visit: SearchVisit, change: (doc: Counts) => Partial<Counts>): Promise<void> {
  for (const dimension of KEPT) {
    const value = visit[dimension];
    const doc = await db
      .query("searchTermContexts")
      .withIndex("by_dimension_and_value_and_day_and_term", (q) => q.eq("dimension", dimension).eq("value", value).eq("day", day).eq("term", term))
      .unique();
    if (doc === null) {
      const zero = { searches: 0, zeroResults: 0, results: 0, opens: 0 };
      await db.insert("searchTermContexts", { dimension, value, day, term, ...zero, ...change(zero) });
    } else {
      await db.patch("searchTermContexts", doc._id, change(doc));
    }
  }
}

export type ContextDocs = { docs: Doc<"searchTermContexts">[]; truncated: boolean; filteredBy: StatsFilter; contextFrom: number | null };

/** The term-day documents of the first filter's value (exit read as page): at most MAX_INSIGHT_DOCS, plus two. */
export async function searchesByFilter(db: DatabaseReader, filters: StatsFilter[], days: DayRange): Promise<ContextDocs> {
  const first = filters[0]!;
  const dimension: Kept = first.dimension === "exit" ? "page" : first.dimension;
  const docs = await db
    .query("searchTermContexts")
    .withIndex("by_dimension_and_value_and_day_and_term", (q) => q.eq("dimension", dimension).eq("value", first.value).gte("day", days.from).lt("day", days.to))
    .take(MAX_INSIGHT_DOCS);
  return { docs, truncated: docs.length === MAX_INSIGHT_DOCS, filteredBy: first, contextFrom: await contextFromOf(db, days) };
}

/** When the range has searches from before the first day kept by attribute, that day: earlier ones can't be filtered. */
async function contextFromOf(db: DatabaseReader, days: DayRange): Promise<number | null> {
  const first = await db.query("searchTermContexts").withIndex("by_day").order("asc").first();
  const keptFrom = first?.day ?? days.to;
  if (keptFrom <= days.from) return null;
  const older = await db
    .query("searchTerms")
    .withIndex("by_day_and_term", (q) => q.gte("day", days.from).lt("day", Math.min(keptFrom, days.to)))
    .first();
  return older === null ? null : keptFrom;
}
