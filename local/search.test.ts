// Search's dev path end to end: the fixture blog synced into a running local
// backend as `npm run sync` does, the index fetched as the browser fetches it,
// answered by the browser's engine. It must answer exactly as the index
// production serves (the sync's own entries, packed), and reach the targets.
import { ConvexHttpClient } from "convex/browser";
import { expect, test } from "vitest";
import { api, internal } from "../convex/_generated/api";
import { buildIndex } from "../convex/search.engine";
import { hiddenPosts, searchPages, searchPosts } from "../convex/search.fixtures";
import { answers, derivedIndex, measure } from "../convex/search.queries";
import { adminHttpClient } from "./adminClient.ts";
import { suiteBackend } from "./suiteBackend.ts";

const backend = suiteBackend();

test("the local backend's search index answers the query set as production's does", async () => {
  // The scheduled post's time is an hour away for this run: it is stored unpublished.
  const [draft, scheduled] = hiddenPosts;
  const posts = [...searchPosts, draft!, { ...scheduled!, publishAt: Date.now() + 3_600_000 }];
  await adminHttpClient(backend().url, backend().adminKey).mutation(internal.content.sync, { posts, pages: searchPages });
  const served = await new ConvexHttpClient(backend().url).query(api.search.index, {});

  expect(served.entries.map((e) => e.slug)).not.toContain(draft!.slug);
  expect(served.entries.map((e) => e.slug)).not.toContain(scheduled!.slug);
  expect(answers(served)).toEqual(answers(derivedIndex()));
  const { precisionAt1, mrr } = measure(buildIndex(served));
  console.log(`search quality on the local backend: P@1 ${precisionAt1.toFixed(3)}, MRR ${mrr.toFixed(3)}`);
  expect(precisionAt1).toBeGreaterThanOrEqual(0.9);
  expect(mrr).toBeGreaterThanOrEqual(0.95);
});
