import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { mutation, query, type DatabaseReader } from "./_generated/server";
import { MAX_LINK_FROMS, MAX_LINK_ROWS } from "./constants";
import { cleanClick } from "./links.input";
import { linkDaysIn, linkSpan } from "./links.read";
import { filteredLinkEvents, type LinkEventLike } from "./links.filtered";
import { hashesOf, recordLinkEvent } from "./links.store";
import { sitePageOf } from "./stats.pages";
import { dimensionsOf, ongoingVisitOf } from "./stats.visit";
import { dashboardArgs, linkKind, linkReport, type LinkKind, type LinkReport, type StatsFilter } from "./validators";

// Outbound clicks and downloads come from the browser (recordClick, or the
// click beacon in http.ts); missing pages from recordPageView (stats.ts).
// No session id, IP or user agent is kept: each link's day count and visitor
// hashes (links.store.ts), and each event with its visit's context and its
// visitor's hash (what a filtered panel reads, links.filtered.ts).

/** Titles looked up for the pages a report names; past it a page shows its path. */
const MAX_TITLE_LOOKUPS = 200;

export const recordClick = mutation({
  // Every field is cleaned on its own (links.input.ts): a bad one is dropped,
  // never the click. Blocked readers and bots never send (the tracker checks).
  args: { url: v.string(), page: v.optional(v.string()), sessionId: v.optional(v.string()) },
  returns: v.null(),
  handler: async (ctx, args) => {
    const click = cleanClick(args);
    const now = Date.now();
    // The click's visit is the session's latest view, if it is still going on: its source, device, country…
    const visit = click.sessionId === null ? null : await ongoingVisitOf(ctx.db, click.sessionId, now);
    const dims = visit === null ? {} : dimensionsOf(visit);
    await recordLinkEvent(ctx, click, { path: click.from, dims }, now);
    return null;
  },
});

export const report = query({
  args: {
    ...dashboardArgs,
    kind: linkKind,
    groupBy: v.union(v.literal("key"), v.literal("host")),
    /** Only this host's links (the outbound panel's drill-down). */
    host: v.optional(v.string()),
  },
  returns: linkReport,
  handler: async (ctx, args) => {
    const span = await linkSpan(ctx.db, args);
    const inHost = (doc: { host: string }) => args.host === undefined || doc.host === args.host;
    if (args.filters.every((f) => f.dimension === "page")) {
      // The day documents answer a page filter over the whole history.
      const { docs, truncated } = await linkDaysIn(ctx.db, args.kind, span);
      const kept = docs.filter((doc) => onPages(doc, args.kind, args.filters) && inHost(doc)).map(tallyOfDay);
      return await reportOf(ctx.db, args.kind, kept, args.groupBy, truncated);
    }
    const { events, sample, contextFrom } = await filteredLinkEvents(ctx.db, args.kind, args.filters, span);
    const report = await reportOf(ctx.db, args.kind, events.filter(inHost).map(tallyOfEvent), args.groupBy, false);
    return { ...report, ...(sample === null ? {} : { sample }), ...(contextFrom === null ? {} : { contextFrom }) };
  },
});

/** A page filter on a day document: the page a click was on, or the missing path itself. */
function onPages(doc: Doc<"linkDays">, kind: LinkKind, filters: StatsFilter[]): boolean {
  return filters.every(({ value }) => (kind === "notFound" ? doc.key : doc.from) === value);
}

/** What a report adds up: a day document, or one event kept with its context. */
export type LinkTally = Pick<Doc<"linkDays">, "key" | "host" | "from" | "fromKind" | "count"> & { hashes: ArrayLike<number>; full: boolean };

function tallyOfDay(doc: Doc<"linkDays">): LinkTally {
  return { key: doc.key, host: doc.host, from: doc.from, fromKind: doc.fromKind, count: doc.count, hashes: hashesOf(doc), full: doc.visitorsFull };
}

function tallyOfEvent(event: LinkEventLike): LinkTally {
  const { key, host, from, fromKind, visitor } = event;
  return { key, host, from, fromKind, count: 1, hashes: visitor === undefined ? [] : [visitor], full: false };
}

type Group = { value: string; host: string; count: number; hashes: Set<number>; full: boolean; froms: Map<string, { from: string; fromKind: Doc<"linkDays">["fromKind"]; count: number }> };

async function reportOf(
  db: DatabaseReader,
  kind: LinkKind,
  docs: LinkTally[],
  groupBy: "key" | "host",
  truncated: boolean,
): Promise<LinkReport> {
  const groups = new Map<string, Group>();
  for (const doc of docs) {
    const value = groupBy === "host" ? doc.host : doc.key;
    let group = groups.get(value);
    if (group === undefined) {
      group = { value, host: doc.host, count: 0, hashes: new Set(), full: false, froms: new Map() };
      groups.set(value, group);
    }
    group.count += doc.count;
    for (const hash of Array.from(doc.hashes)) group.hashes.add(hash);
    group.full ||= doc.full;
    const fromKey = `${doc.fromKind}:${doc.from}`;
    const from = group.froms.get(fromKey);
    if (from === undefined) group.froms.set(fromKey, { from: doc.from, fromKind: doc.fromKind, count: doc.count });
    else from.count += doc.count;
  }
  const top = [...groups.values()]
    .sort((a, b) => b.hashes.size - a.hashes.size || b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, MAX_LINK_ROWS);

  const pages = new Set<string>();
  for (const group of top) {
    if (kind === "notFound") pages.add(group.value);
    for (const from of group.froms.values()) if (from.fromKind === "page") pages.add(from.from);
  }
  const known = new Map<string, { title: string; exists: boolean }>();
  await Promise.all(
    [...pages].slice(0, MAX_TITLE_LOOKUPS).map(async (path) => {
      const page = await sitePageOf(db, path);
      known.set(path, { title: page.title, exists: page.pageType !== "notFound" });
    }),
  );

  return {
    rows: top.map((group) => ({
      value: group.value,
      host: group.host,
      count: group.count,
      visitors: group.hashes.size,
      froms: [...group.froms.values()]
        .sort((a, b) => b.count - a.count || a.from.localeCompare(b.from))
        .slice(0, MAX_LINK_FROMS)
        .map((from) => {
          const title = from.fromKind === "page" ? known.get(from.from) : undefined;
          return title?.exists ? { ...from, fromTitle: title.title } : from;
        }),
      ...(kind === "notFound" && known.get(group.value)?.exists ? { nowExists: true } : {}),
    })),
    truncated,
    visitorsApproximate: top.some((group) => group.full),
  };
}
