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

export type FilteredLinks = {
  events: Doc<"linkEvents">[];
  sample: { events: number; from: number } | null;
  /** The range has events older than the first one kept with its context (this time): they are left out. */
  contextFrom: number | null;
};

/** Page, entry and exit filters are paths: where the event happened, or the visit's entry page. */
function valueOf(event: Doc<"linkEvents">, field: Field): string {
  return (field === "path" ? event.path : event[field]) ?? "";
}

function matches(event: Doc<"linkEvents">, filters: ReadFilter[]): boolean {
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
  const events = reads.flat().filter((event) => event.timestamp >= from && matches(event, ordered));
  return { events, sample: capped ? { events: events.length, from } : null, contextFrom: await contextFromOf(db, kind, span) };
}

/**
 * When the range holds link days from before the day of the first event kept
 * with its context, that event's time (or the range's end if none was kept):
 * earlier events cannot be filtered. Two reads. Events of that first day from
 * before it are not told apart (its day document mixes both).
 */
async function contextFromOf(db: DatabaseReader, kind: LinkKind, span: Pick<Span, "start" | "end">): Promise<number | null> {
  const firstKept = await db
    .query("linkEvents")
    .withIndex("by_kind_and_timestamp", (q) => q.eq("kind", kind))
    .order("asc")
    .first();
  const keptFrom = firstKept?.timestamp ?? span.end;
  if (keptFrom <= span.start) return null;
  const zone = siteTimeZone();
  const before = firstKept === null ? span.end : bucketStart("day", keptFrom, zone);
  const older = await db
    .query("linkDays")
    .withIndex("by_kind_and_day", (q) => q.eq("kind", kind).gte("day", bucketStart("day", span.start, zone)).lt("day", before))
    .first();
  return older === null ? null : keptFrom;
}
