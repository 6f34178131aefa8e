import { describe, expect, test } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { MAX_SYNC_POSTS, SEARCH_CHUNK_BYTES } from "./constants";
import { bigPost } from "./content.staging.fixtures";
import { readAllChunks, readIndexChunk } from "./search.chunk";
import { buildIndex, search } from "./search.engine";
import { entryOf } from "./search.sync";
import { initConvexTest } from "./test.setup";

// `search.index` at the biggest blog a sync accepts: 5,000 posts of 25 KB
// markdown, with Convex's transaction limits on. One query reading every
// entry read ~50 MiB here; each chunk must stay well under the limits.

const MiB = 1024 * 1024;
const POSTS = MAX_SYNC_POSTS;
/** bigPost's words repeat every 15 posts; entries are derived once per pattern and given each post's slug. */
const PATTERNS = 15;
/** A word of the post's own, for its title: its number in letters. */
const titleWord = (i: number) => `q${[...String(i).padStart(5, "0")].map((d) => "abcdefghij"[Number(d)]).join("")}`;

async function bigBlog() {
  const t = initConvexTest({ transactionLimits: true });
  const ownerId: Id<"posts"> = await t.run(async (ctx) => {
    await ctx.db.insert("contentLive", { generation: 1 });
    const { content: _c, html: _h, ...row } = bigPost(0, 1);
    return await ctx.db.insert("posts", { ...row, generation: 1 });
  });
  const patterns = Array.from({ length: PATTERNS }, (_, i) => {
    const post = bigPost(i, 25_000);
    return entryOf({ kind: "post", from: { ownerId, row: post, body: post } });
  });
  let stored = 0;
  for (let from = 0; from < POSTS; from += 250) {
    await t.run(async (ctx) => {
      for (let i = from; i < Math.min(POSTS, from + 250); i++) {
        const { slug, date } = bigPost(i, 1);
        const entry = { ...patterns[i % PATTERNS]!, slug, date, title: `Note ${titleWord(i)}`, generation: 1 };
        stored += entry.words.length;
        await ctx.db.insert("searchEntries", entry);
      }
    });
  }
  // A scheduled post: its entry is staged hidden until its job publishes it.
  await t.run(async (ctx) => {
    const post = bigPost(POSTS, 25_000, 0, ["secret"]);
    await ctx.db.insert("searchEntries", { ...entryOf({ kind: "post", from: { ownerId, row: { ...post, title: "Zeppelin", published: false }, body: post } }), generation: 1 });
  });
  return { t, stored };
}

describe("search.index at 5,000 posts of 25 KB", () => {
  test("comes in chunks each well within Convex's limits, and together they hold every published post", async () => {
    const { t, stored } = await bigBlog();
    // Far more than one query may read: what a single-query index would fail on.
    expect(stored).toBeGreaterThan(16 * MiB);

    const usage: Array<{ bytesRead: number; documentsRead: number }> = [];
    const measured = await readAllChunks((after) =>
      t.run(async (ctx) => {
        const chunk = await readIndexChunk(ctx.db, after);
        const m = await ctx.meta.getTransactionMetrics();
        usage.push({ bytesRead: m.bytesRead.used, documentsRead: m.documentsRead.used });
        return chunk;
      }),
    );
    expect(measured.length).toBeGreaterThan(1);
    for (const u of usage) {
      expect(u.bytesRead).toBeLessThan(SEARCH_CHUNK_BYTES + MiB);
      expect(u.bytesRead).toBeLessThan(8 * MiB);
      expect(u.documentsRead).toBeLessThan(8000);
    }
    console.log(`search.index at ${POSTS} posts: ${measured.length} chunks, largest read ${(Math.max(...usage.map((u) => u.bytesRead)) / MiB).toFixed(2)} MiB of ${(stored / MiB).toFixed(1)} MiB of entries`);

    // The public query, chunk by chunk, as the browser asks for it.
    const served = await readAllChunks((after) => t.query(api.search.index, after === undefined ? {} : { after }));
    expect(served).toEqual(measured);
    const slugs = served.flatMap((chunk) => chunk.entries.map((entry) => entry.slug));
    expect(slugs).toHaveLength(POSTS);
    expect(new Set(slugs).size).toBe(POSTS);
    expect(slugs).not.toContain(bigPost(POSTS, 1).slug);

    const index = buildIndex(served);
    expect(index.entries).toHaveLength(POSTS);
    expect(search(index, "zeppelin").hits).toEqual([]);
    expect(search(index, titleWord(4321)).hits.map((hit) => hit.entry.slug)).toEqual(["post-04321"]);
  }, 300_000);
});
