import type { DatabaseReader } from "./_generated/server";

// Which generation of the content tables readers see. Every reader reads
// this one small row first, then only rows of that generation: a sync stages
// a whole new generation over many transactions, and readers move to it
// when the row changes, all in one commit (prds/content.md).

/** A generation number; undefined for rows written before syncs were staged. */
export type Generation = number | undefined;

export async function liveGeneration(db: DatabaseReader): Promise<Generation> {
  return (await db.query("contentLive").first())?.generation;
}
