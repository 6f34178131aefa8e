import type { TestConvex } from "convex-test";
import type { StagedSyncCalls } from "./content.batches";
import { removeStale } from "./content.cleanup";
import { beginSync, stageBatch, switchOver } from "./content.stage";
import { makePost } from "./content.fixtures";
import type schema from "./schema";
import type { Post } from "./validators";

// For tests and `npm run bench:sync`: the staged sync's steps run through
// convex-test, each step in its own transaction, with what each one read and
// wrote as convex-test's limit accounting counts it.

export type SyncTest = TestConvex<typeof schema>;

export interface StepUsage {
  step: "begin" | "stage" | "switch" | "cleanup";
  bytesRead: number;
  bytesWritten: number;
  documentsRead: number;
  documentsWritten: number;
  indexRanges: number;
}

/** The three steps, each one transaction of the same code the internal mutations run. */
export function measuredCalls(t: SyncTest, now: () => number, record: (usage: StepUsage) => void): StagedSyncCalls {
  const measured = async <R>(step: StepUsage["step"], run: Parameters<SyncTest["run"]>[0] extends (ctx: infer C) => unknown ? (ctx: C) => Promise<R> : never) =>
    await t.run(async (ctx) => {
      const value = await run(ctx);
      const m = await ctx.meta.getTransactionMetrics();
      record({
        step,
        bytesRead: m.bytesRead.used,
        bytesWritten: m.bytesWritten.used,
        documentsRead: m.documentsRead.used,
        documentsWritten: m.documentsWritten.used,
        indexRanges: m.databaseQueries.used,
      });
      return value;
    });
  return {
    begin: (args) => measured("begin", (ctx) => beginSync(ctx.db, args, now())),
    stage: ({ generation, posts, pages }) => measured("stage", async (ctx) => (await stageBatch(ctx.db, generation, posts, pages), null)),
    switchOver: ({ generation }) => measured("switch", async (ctx) => (await switchOver(ctx.db, generation, ctx.scheduler), null)),
  };
}

/** What the cleanup job does, run to the end: one bounded transaction after another. */
export async function drainStale(t: SyncTest, record: (usage: StepUsage) => void = () => undefined): Promise<number> {
  let runs = 0;
  for (let more = true; more; runs++) {
    more = await t.run(async (ctx) => {
      const again = await removeStale(ctx.db);
      const m = await ctx.meta.getTransactionMetrics();
      record({
        step: "cleanup",
        bytesRead: m.bytesRead.used,
        bytesWritten: m.bytesWritten.used,
        documentsRead: m.documentsRead.used,
        documentsWritten: m.documentsWritten.used,
        indexRanges: m.databaseQueries.used,
      });
      return again;
    });
  }
  return runs;
}

const WORDS = "convex staged sync generation reader switch batch limit markdown post body search index list tag".split(" ");

/** A post of about `bytes` of markdown (and as much HTML), its words varied by `seed`. */
export function bigPost(i: number, bytes: number, seed = 0, tags = [`t${i % 20}`, `s${i % 7}`]): Post {
  const words: string[] = [];
  let length = 0;
  for (let w = 0; length < bytes; w++) {
    const word = `${WORDS[(i + w + seed) % WORDS.length]}${(w * 7 + seed) % 97}`;
    words.push(word);
    length += word.length + 1;
  }
  const paragraphs: string[] = [];
  for (let p = 0; p < words.length; p += 80) paragraphs.push(words.slice(p, p + 80).join(" "));
  const slug = `post-${String(i).padStart(5, "0")}`;
  const day = String(1 + (i % 28)).padStart(2, "0");
  const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, "0");
  return makePost(slug, {
    date: `${2000 + Math.floor(i / 336)}-${month}-${day}`,
    tags,
    content: paragraphs.join("\n\n"),
    html: paragraphs.map((p) => `<p>${p}</p>`).join("\n"),
    contentHash: `hash-${slug}-${seed}`,
  });
}
