import type { DatabaseReader } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";
import { SEARCH_CHUNK_BYTES, SEARCH_CHUNK_ENTRIES } from "./constants";
import { liveGeneration } from "./content.live";
import { packIndex } from "./search.pack";
import type { SearchIndexChunk } from "./validators";

// The search index in chunks: a query that read every entry at once passed
// Convex's 16 MiB read limit at a few thousand long posts. Each chunk is
// packed on its own (its own vocabulary), so the browser can build the index
// from the chunks as they are (convex/search.engine.ts).

/** About what an entry weighs when read: its text fields. */
function entryBytes(row: Doc<"searchEntries">): number {
  return row.words.length + row.title.length + row.description.length + row.headings.length + row.tags.join(" ").length;
}

/** The visible entries after slug `after`, in slug order, up to the chunk's budget; `next` is where the following chunk starts. */
export async function readIndexChunk(db: DatabaseReader, after: string | undefined): Promise<SearchIndexChunk> {
  const generation = await liveGeneration(db);
  const rows: Doc<"searchEntries">[] = [];
  let bytes = 0;
  let next: string | null = null;
  const entries = db.query("searchEntries").withIndex("by_generation_and_visible_and_slug", (q) => {
    const visible = q.eq("generation", generation).eq("visible", true);
    return after === undefined ? visible : visible.gt("slug", after);
  });
  for await (const row of entries) {
    // Only a row past the budget says there is more: the last chunk says null, and no empty chunk follows it.
    if (rows.length === SEARCH_CHUNK_ENTRIES || bytes >= SEARCH_CHUNK_BYTES) {
      next = rows[rows.length - 1]!.slug;
      break;
    }
    rows.push(row);
    bytes += entryBytes(row);
  }
  const packed = packIndex(rows.map(({ kind, slug, title, date, description, tags, headings, words }) => ({ kind, slug, title, description, tags, headings, words, ...(date === undefined ? {} : { date }) })));
  return { ...packed, next };
}

/** Every chunk, asked one after another as the browser does: for tests, the benchmark and scripts. */
export async function readAllChunks(ask: (after: string | undefined) => Promise<SearchIndexChunk>): Promise<SearchIndexChunk[]> {
  const chunks: SearchIndexChunk[] = [];
  let after: string | undefined;
  for (;;) {
    const chunk = await ask(after);
    chunks.push(chunk);
    if (chunk.next === null) return chunks;
    after = chunk.next;
  }
}
