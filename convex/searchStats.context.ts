// Searches by the searcher's visit, so the Searches panel follows every /stats
// filter while terms stay aggregate: a search adds one to the document of its
// day, term and the visit's whole set of attributes (the page searched on,
// entry page, source, channel, referrer host, UTM tags, device, browser, OS,
// country), found by one exact lookup. Never a document per search, no session
// id. Under filters the first filter's index is read and the others are
// checked on each document, as the link panels do with their events.
// Imported by searchStats.ts; the second dot keeps it from being a Convex module.
import type { Doc } from "./_generated/dataModel";
import type { DatabaseReader, DatabaseWriter } from "./_generated/server";
import { MAX_INSIGHT_DOCS } from "./constants";
import { FIELD_OF } from "./dashboard.fold";
import type { ReadFilter } from "./dashboard.read";
import { filtersWithOldPaths } from "./dashboard.renames";
import type { DayRange } from "./insights.span";
import { isUuid } from "./stats.input";
import { ongoingVisitOf } from "./stats.visit";
import type { SearchVisit, StatsFilter } from "./validators";

type VisitField = keyof SearchVisit;
/** The order the visit key lists its values in; changing it would split every stored day. */
const VISIT_FIELDS = ["path", "entryPath", "source", "channel", "referrerHost", "utmSource", "utmMedium", "utmCampaign", "device", "browser", "os", "country"] as const satisfies readonly VisitField[];

/** The few index-range methods used below, over a field chosen at run time. */
interface FieldRange {
  eq(field: VisitField, value: string): FieldRange;
  gte(field: "day", value: number): FieldRange;
  lt(field: "day", value: number): FieldRange;
}

/** The searcher's visit: the session's latest view if under VISIT_GAP_MS old; "" (unknown) for every attribute otherwise. */
export async function searchVisitOf(db: DatabaseReader, sessionId: string | undefined, now: number): Promise<SearchVisit> {
  const id = sessionId !== undefined && isUuid(sessionId) ? sessionId.toLowerCase() : null;
  const live = id === null ? null : await ongoingVisitOf(db, id, now);
  return Object.fromEntries(VISIT_FIELDS.map((field) => [field, live === null ? "" : (live[field] ?? "")])) as SearchVisit;
}

/** The visit as one string: its values in VISIT_FIELDS order, as JSON so no value can run into the next. */
export function visitKeyOf(visit: SearchVisit): string {
  return JSON.stringify(VISIT_FIELDS.map((field) => visit[field]));
}

type Counts = Pick<Doc<"searchTermVisits">, "searches" | "zeroResults" | "results" | "opens">;

/** Adds to the document of the term's day and the searcher's visit: one read, one write. */
export async function countByVisit(db: DatabaseWriter, term: string, day: number, visit: SearchVisit, change: (doc: Counts) => Partial<Counts>): Promise<void> {
  const key = visitKeyOf(visit);
  const doc = await db
    .query("searchTermVisits")
    .withIndex("by_day_and_term_and_visit", (q) => q.eq("day", day).eq("term", term).eq("visit", key))
    .unique();
  if (doc === null) {
    const zero = { searches: 0, zeroResults: 0, results: 0, opens: 0 };
    await db.insert("searchTermVisits", { day, term, visit: key, ...visit, ...zero, ...change(zero) });
  } else {
    await db.patch("searchTermVisits", doc._id, change(doc));
  }
}

export type FilteredSearches = {
  docs: Doc<"searchTermVisits">[];
  /** The read was cut at the cap: only days from `from` on are counted, out of `docs` documents read. */
  sample: { docs: number; from: number } | null;
  contextFrom: number | null;
};

function matches(doc: SearchVisit, filters: ReadFilter[]): boolean {
  return filters.every((f) => {
    const actual = doc[FIELD_OF[f.dimension]];
    return actual === f.value || (f.also?.includes(actual) ?? false);
  });
}

/**
 * The documents matching every filter (exit read as the page searched on), read
 * newest day first through the first filter's index: at most MAX_INSIGHT_DOCS,
 * shared by the values it stands for (a renamed post's old paths), plus one
 * or two reads for `contextFrom`. Past the cap, the oldest day read may be cut
 * in the middle, so it is left out (unless it is the only one).
 */
export async function searchesUnderFilters(db: DatabaseReader, filters: StatsFilter[], days: DayRange): Promise<FilteredSearches> {
  const ordered = await filtersWithOldPaths(db, filters);
  const first = ordered[0];
  if (first === undefined) throw new Error("searchesUnderFilters needs a filter");
  const field = FIELD_OF[first.dimension];
  const values = [first.value, ...(first.also ?? [])];
  const cap = Math.floor(MAX_INSIGHT_DOCS / values.length);
  let cut: number | null = null;
  const reads = await Promise.all(
    values.map(async (value) => {
      // Every visit field has this index (schema.ts, searchTermVisits); the field is chosen at run time.
      const range = <Q>(q: Q) => (q as unknown as FieldRange).eq(field, value).gte("day", days.from).lt("day", days.to) as unknown as Q;
      const rows = await db.query("searchTermVisits").withIndex(`by_${field}_and_day`, range).order("desc").take(cap);
      if (rows.length === cap) {
        const oldest = rows[rows.length - 1]!.day;
        const keepAfter = rows[0]!.day > oldest ? oldest : oldest - 1;
        cut = Math.max(cut ?? keepAfter, keepAfter);
      }
      return rows;
    }),
  );
  const read = reads.flat();
  const kept = read.filter((doc) => (cut === null || doc.day > cut) && matches(doc, ordered));
  const sample = cut === null ? null : { docs: read.length, from: Math.min(...read.filter((doc) => doc.day > cut!).map((doc) => doc.day)) };
  return { docs: kept, sample, contextFrom: await contextFromOf(db, days) };
}

/** When the range has searches from before the first day kept by visit, that day: earlier ones can't be filtered. */
async function contextFromOf(db: DatabaseReader, days: DayRange): Promise<number | null> {
  const first = await db.query("searchTermVisits").withIndex("by_day_and_term_and_visit").order("asc").first();
  const keptFrom = first?.day ?? days.to;
  if (keptFrom <= days.from) return null;
  const older = await db
    .query("searchTerms")
    .withIndex("by_day_and_term", (q) => q.gte("day", days.from).lt("day", Math.min(keptFrom, days.to)))
    .first();
  return older === null ? null : keptFrom;
}
