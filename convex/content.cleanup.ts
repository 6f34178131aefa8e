import type { DatabaseWriter } from "./_generated/server";
import type { Doc, TableNames } from "./_generated/dataModel";
import { liveGeneration, type Generation } from "./content.live";

// Removing generations no reader can see any more: replaced ones, and staged
// ones a stopped sync left behind. Bounded per call; the caller repeats it
// (a scheduled mutation rescheduling itself) until nothing is left.

/** Per call: well under Convex's 16 MiB and 16,000 documents written, and its 16 MiB read. */
export const CLEANUP_BUDGET = { bytes: 8 * 1024 * 1024, documents: 4000 };

/** A range of generations: rows written before generations (undefined), or numbers strictly between two. */
type Stale = { legacy: true } | { legacy: false; above: number; below: number | null };

/** Every generation but the live one and the one being staged. */
function staleRanges(live: Generation, staging: number | null): Stale[] {
  const keep = [live, staging].filter((g): g is number => g !== undefined && g !== null).sort((a, b) => a - b);
  const ranges: Stale[] = live === undefined ? [] : [{ legacy: true }];
  let above = -1;
  for (const kept of keep) {
    ranges.push({ legacy: false, above, below: kept });
    above = kept;
  }
  ranges.push({ legacy: false, above, below: null });
  return ranges;
}

// Each table holding generations, read through an index that starts with it.
// A table of derived rows added later joins this list.
type StaleReader = (db: DatabaseWriter, range: Stale) => AsyncIterable<Doc<TableNames>>;
const READERS: Array<[TableNames, StaleReader]> = [
  ["bodies", (db, r) => db.query("bodies").withIndex("by_generation", (q) => (r.legacy ? q.eq("generation", undefined) : r.below === null ? q.gt("generation", r.above) : q.gt("generation", r.above).lt("generation", r.below)))],
  ["searchEntries", (db, r) => db.query("searchEntries").withIndex("by_generation_and_slug", (q) => (r.legacy ? q.eq("generation", undefined) : r.below === null ? q.gt("generation", r.above) : q.gt("generation", r.above).lt("generation", r.below)))],
  ["slugAliases", (db, r) => db.query("slugAliases").withIndex("by_generation_and_alias", (q) => (r.legacy ? q.eq("generation", undefined) : r.below === null ? q.gt("generation", r.above) : q.gt("generation", r.above).lt("generation", r.below)))],
  ["postLists", (db, r) => db.query("postLists").withIndex("by_generation_and_list_and_position", (q) => (r.legacy ? q.eq("generation", undefined) : r.below === null ? q.gt("generation", r.above) : q.gt("generation", r.above).lt("generation", r.below)))],
  ["tags", (db, r) => db.query("tags").withIndex("by_generation_and_tag", (q) => (r.legacy ? q.eq("generation", undefined) : r.below === null ? q.gt("generation", r.above) : q.gt("generation", r.above).lt("generation", r.below)))],
  ["posts", (db, r) => db.query("posts").withIndex("by_generation_and_slug", (q) => (r.legacy ? q.eq("generation", undefined) : r.below === null ? q.gt("generation", r.above) : q.gt("generation", r.above).lt("generation", r.below)))],
  ["pages", (db, r) => db.query("pages").withIndex("by_generation_and_slug", (q) => (r.legacy ? q.eq("generation", undefined) : r.below === null ? q.gt("generation", r.above) : q.gt("generation", r.above).lt("generation", r.below)))],
];

const utf8 = new TextEncoder();

/** About the bytes Convex counts for a document (its JSON in UTF-8): enough to stay well inside the budget. */
export function documentBytes(doc: object): number {
  return utf8.encode(JSON.stringify(doc)).length;
}

/**
 * Deletes rows of stale generations until the budget is spent. Returns
 * whether any may remain (then call again).
 */
export async function removeStale(db: DatabaseWriter, budget = CLEANUP_BUDGET): Promise<boolean> {
  const live = await liveGeneration(db);
  const staging = (await db.query("contentSync").first())?.staging?.generation ?? null;
  let bytes = 0;
  let documents = 0;
  const spend = (doc: object) => {
    // A delete reads the document again: count it twice.
    bytes += 2 * documentBytes(doc);
    documents += 1;
    return bytes >= budget.bytes || documents >= budget.documents;
  };
  // Legacy: nothing reads or writes searchDocs any more, whatever the generation.
  for await (const doc of db.query("searchDocs")) {
    await db.delete("searchDocs", doc._id);
    if (spend(doc)) return true;
  }
  for (const range of staleRanges(live, staging)) {
    for (const [table, read] of READERS) {
      for await (const doc of read(db, range)) {
        await db.delete(table, doc._id);
        if (spend(doc)) return true;
      }
    }
  }
  return false;
}
