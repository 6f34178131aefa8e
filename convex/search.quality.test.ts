import { beforeAll, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { buildIndex } from "./search.engine";
import { hiddenPosts, SCHEDULED_AT, searchPages, searchPosts } from "./search.fixtures";
import { entryWords } from "./search.pack";
import { answers, derivedIndex, measure, QUERIES } from "./search.queries";
import type { SearchIndexData } from "./validators";
import { initConvexTest } from "./test.setup";

let served: SearchIndexData;

beforeAll(async () => {
  // The scheduled post's time has not come, and its job must not run.
  vi.useFakeTimers({ now: SCHEDULED_AT - 3_600_000 });
  try {
    const t = initConvexTest({ transactionLimits: true });
    await t.mutation(internal.content.sync, { posts: [...searchPosts, ...hiddenPosts], pages: searchPages });
    served = await t.query(api.search.index, {});
  } finally {
    vi.useRealTimers();
  }
});

describe("search quality", () => {
  test("the fixture blog and query set are big enough", () => {
    expect(searchPosts.length).toBeGreaterThanOrEqual(30);
    expect(QUERIES.length).toBeGreaterThanOrEqual(40);
  });

  test("P@1 ≥ 0.9 and MRR ≥ 0.95 over the query set", () => {
    const { precisionAt1, mrr, misses } = measure(buildIndex(served));
    console.log(`search quality: ${QUERIES.length} queries, P@1 ${precisionAt1.toFixed(3)}, MRR ${mrr.toFixed(3)}${misses.length ? `; misses: ${misses.join("; ")}` : ""}`);
    expect(precisionAt1).toBeGreaterThanOrEqual(0.9);
    expect(mrr).toBeGreaterThanOrEqual(0.95);
  });

  test("dev and production rank alike: the served index and the sync's own entries give the same answers", () => {
    // Dev serves `search.index` from the local backend (convex-test's executor, as here; local/search.test.ts
    // asks a running one); production from Convex, which returns the same stored rows, packed the same way.
    expect(answers(served)).toEqual(answers(derivedIndex()));
  });

  test("drafts and scheduled posts are not in the index at all", () => {
    const slugs = served.entries.map((entry) => entry.slug);
    expect(slugs).toHaveLength(searchPosts.length + searchPages.length);
    for (const hidden of hiddenPosts) expect(slugs).not.toContain(hidden.slug);
    const vocabulary = served.vocabulary.split(" ");
    expect(vocabulary).not.toContain("zeppelin");
    expect(vocabulary).not.toContain("aurora");
    expect(served.entries.flatMap((entry) => entryWords(vocabulary, entry))).toContain("watermark");
  });
});
