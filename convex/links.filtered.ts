// A link panel under /stats filters: the link events that kept their visit's
// context (validators.ts, linkEventFields), read newest first through the
// first filter's index, the caps shared by the values it stands for (a
// renamed post's old paths). Past the cap the panel counts the latest events,
// marked as a sample. Imported by links.ts and goals.ts; the second dot keeps
// it from being a Convex module.
import type { Doc } from "./_generated/dataModel";
import type { DatabaseReader } from "./_generated/server";
import { MAX_FILTERED_LINK_EVENTS } from "./constants";
import { siteTimeZone } from "./dashboard.access";
import { FIELD_OF } from "./dashboard.fold";
import type { Span } from "./dashboard.range";
import type { ReadFilter } from "./dashboard.read";
import { filtersWithOldPaths } from "./dashboard.renames";
import { visitorHash } from "./dashboard.hll";
import { missingPageEvent } from "./links.store";
import { bucketStart } from "./dashboard.time";
import type { LinkKind, StatsFilter } from "./validators";

type Field = (typeof FIELD_OF)[keyof typeof FIELD_OF];
/** The few index-range methods used below, over a field chosen at run time. */
interface FieldRange {
  eq(field: "kind", value: LinkKind): FieldRange;
  eq(field: Field, value: string | undefined): FieldRange;
  gte(field: "timestamp", value: number): FieldRange;
  lt(field: "timestamp", value: number): FieldRange;
}

/** An event as a report adds it up: kept in linkEvents, or an older missing-page view read from pageViews. */
export type LinkEventLike = Omit<Doc<"linkEvents">, "_id" | "_creationTime">;

export type FilteredLinks = {
  events: LinkEventLike[];
  sample: { events: number; from: number } | null;
  /** The range has events older than the first one kept with its context (this time): they are left out. */
  contextFrom: number | null;
};

/** Page, entry and exit filters are paths: where the event happened, or the visit's entry page. */
function valueOf(event: LinkEventLike, field: Field): string {
  return (field === "path" ? event.path : event[field]) ?? "";
}

function matches(event: LinkEventLike, filters: ReadFilter[]): boolean {
  return filters.every((f) => {
    const actual = valueOf(event, FIELD_OF[f.dimension]);
    return actual === f.value || (f.also?.includes(actual) ?? false);
  });
}

export async function filteredLinkEvents(db: DatabaseReader, kind: LinkKind, filters: StatsFilter[], span: Pick<Span, "start" | "end">): Promise<FilteredLinks> {
  const ordered = await filtersWithOldPaths(db, filters);
  const [first] = ordered;
  if (first === undefined) throw new Error("filteredLinkEvents needs a filter");
  const field = FIELD_OF[first.dimension];
  const values = [first.value, ...(first.also ?? [])];
  const cap = Math.floor(MAX_FILTERED_LINK_EVENTS / values.length);
  let from = span.start;
  let capped = false;
  const reads = await Promise.all(
    values.map(async (given) => {
      // "" stands for Direct / unknown, which is a missing field.
      const value = field !== "path" && given === "" ? undefined : given;
      // Every filter field has this index (schema.ts, linkEvents); the field is
      // chosen at run time, so the range builder is narrowed to what is used here.
      const range = <Q>(q: Q) => (q as unknown as FieldRange).eq("kind", kind).eq(field, value).gte("timestamp", span.start).lt("timestamp", span.end) as unknown as Q;
      const rows = await db.query("linkEvents").withIndex(`by_kind_and_${field}_and_timestamp`, range).order("desc").take(cap);
      if (rows.length === cap) {
        capped = true;
        from = Math.max(from, rows[rows.length - 1]!.timestamp);
      }
      return rows;
    }),
  );
  // Past a cap, each value's events are kept from the same time on, so the sample is the latest events of all of them.
  const events: LinkEventLike[] = reads.flat().filter((event) => event.timestamp >= from && matches(event, ordered));
  const keptFrom = Math.min(span.end, (await firstKept(db, kind))?.timestamp ?? span.end);
  if (kind !== "notFound") return { events, sample: capped ? { events: events.length, from } : null, contextFrom: await contextFromOf(db, kind, span, keptFrom) };
  // Missing-page views kept their visit in pageViews all along: they answer for the time before the first kept event.
  if (!capped && keptFrom > span.start) {
    const older = await olderMissingViews(db, ordered, { start: span.start, end: keptFrom }, MAX_FILTERED_LINK_EVENTS - reads.flat().length);
    events.push(...older.events);
    if (older.from !== null) {
      capped = true;
      from = older.from;
    }
  }
  return { events, sample: capped ? { events: events.length, from } : null, contextFrom: null };
}

function firstKept(db: DatabaseReader, kind: LinkKind) {
  return db
    .query("linkEvents")
    .withIndex("by_kind_and_timestamp", (q) => q.eq("kind", kind))
    .order("asc")
    .first();
}

/**
 * Views of missing paths in the span, from pageViews through the first
 * filter's index (as the dashboard reads them), as link events. `from` is set
 * when the cap cut the read: only views from then on were kept.
 */
async function olderMissingViews(db: DatabaseReader, ordered: ReadFilter[], span: Pick<Span, "start" | "end">, budget: number): Promise<{ events: LinkEventLike[]; from: number | null }> {
  const first = ordered[0]!;
  const field = FIELD_OF[first.dimension];
  const values = [first.value, ...(first.also ?? [])];
  const cap = Math.max(1, Math.floor(budget / values.length));
  let from: number | null = null;
  const reads = await Promise.all(
    values.map(async (given) => {
      const value = field !== "path" && given === "" ? undefined : given;
      const range = <Q>(q: Q) => (q as unknown as FieldRange).eq(field, value).gte("timestamp", span.start).lt("timestamp", span.end) as unknown as Q;
      const rows = await db.query("pageViews").withIndex(`by_${field}_and_timestamp`, range).order("desc").take(cap);
      if (rows.length === cap) from = Math.max(from ?? span.start, rows[rows.length - 1]!.timestamp);
      return rows;
    }),
  );
  const events = reads
    .flat()
    .filter((row) => row.pageType === "notFound" && row.timestamp >= (from ?? span.start))
    .map((row) => missingViewEvent(row))
    .filter((event) => matches(event, ordered));
  return { events, from };
}

function missingViewEvent(row: Doc<"pageViews">): LinkEventLike {
  const { referrerHost, channel, utmSource, utmMedium, utmCampaign, device, browser, os, country, entryPath } = row;
  // Rows from before named sources keep their raw host as their source (as the dashboard reads them).
  const source = row.source ?? referrerHost;
  const link = missingPageEvent(row.path, row.sessionId, { source, ...(row.prevPath === undefined ? {} : { prevPath: row.prevPath }) });
  return {
    kind: "notFound", key: link.key, host: link.host, from: link.from, fromKind: link.fromKind,
    path: row.path, timestamp: row.timestamp, visitor: visitorHash(row.sessionId),
    referrerHost, source, channel, utmSource, utmMedium, utmCampaign, device, browser, os, country, entryPath,
  };
}

/**
 * When the range holds link days from before the day of the first event kept
 * with its context (`keptFrom`, or the range's end if none was kept), that
 * time: earlier clicks cannot be filtered. One read. Clicks of that first day
 * from before it are not told apart (its day document mixes both).
 */
async function contextFromOf(db: DatabaseReader, kind: LinkKind, span: Pick<Span, "start" | "end">, keptFrom: number): Promise<number | null> {
  if (keptFrom <= span.start) return null;
  const zone = siteTimeZone();
  const before = keptFrom >= span.end ? span.end : bucketStart("day", keptFrom, zone);
  const older = await db
    .query("linkDays")
    .withIndex("by_kind_and_day", (q) => q.eq("kind", kind).gte("day", bucketStart("day", span.start, zone)).lt("day", before))
    .first();
  return older === null ? null : keptFrom;
}
