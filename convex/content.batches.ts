import { SYNC_BATCH_BYTES, SYNC_BATCH_POSTS } from "./constants";
import { listOrder } from "./content.derived";
import type { BeginArgs, BeginResult, StageArgs, SyncArgs, SyncResult } from "./content";
import type { Body, Page, Post } from "./validators";

// How a sync is sent in steps (convex/content.stage.ts): shared by the sync
// script, the tests and the benchmark, which call the same three functions
// over HTTP or through convex-test.

export interface StagedSyncCalls {
  begin(args: BeginArgs): Promise<BeginResult>;
  stage(args: StageArgs): Promise<null>;
  switchOver(args: { generation: number }): Promise<null>;
}

const utf8 = new TextEncoder();
const bodyBytes = (doc: Body) => utf8.encode(doc.content).length + utf8.encode(doc.html).length;

function withoutBody<T extends Body>({ content: _content, html: _html, ...row }: T) {
  return row;
}

/**
 * Posts newest first, then pages, cut so that no batch holds more than
 * SYNC_BATCH_POSTS documents or SYNC_BATCH_BYTES of bodies (a bigger single
 * document goes alone).
 */
export function stagingBatches(posts: readonly Post[], pages: readonly Page[]): Array<{ posts: Post[]; pages: Page[] }> {
  const batches: Array<{ posts: Post[]; pages: Page[] }> = [];
  let current = { posts: [] as Post[], pages: [] as Page[] };
  let bytes = 0;
  const add = (doc: Post | Page, kind: "posts" | "pages") => {
    const size = bodyBytes(doc);
    const count = current.posts.length + current.pages.length;
    if (count > 0 && (count >= SYNC_BATCH_POSTS || bytes + size > SYNC_BATCH_BYTES)) {
      batches.push(current);
      current = { posts: [], pages: [] };
      bytes = 0;
    }
    if (kind === "posts") current.posts.push(doc as Post);
    else current.pages.push(doc as Page);
    bytes += size;
  };
  for (const post of [...posts].sort(listOrder)) add(post, "posts");
  for (const page of pages) add(page, "pages");
  if (current.posts.length + current.pages.length > 0) batches.push(current);
  return batches;
}

/**
 * Announces the rows, stages every batch, then switches over. If a step
 * fails, the site keeps what it had; running the sync again starts afresh.
 */
export async function runStagedSync(calls: StagedSyncCalls, args: SyncArgs, onBatch?: (done: number, of: number) => void): Promise<SyncResult> {
  const begun = await calls.begin({ posts: args.posts.map(withoutBody), pages: args.pages.map(withoutBody), dryRun: args.dryRun });
  const { generation } = begun;
  if (generation !== null) {
    const batches = stagingBatches(args.posts, args.pages);
    for (const [i, batch] of batches.entries()) {
      await calls.stage({ generation, ...batch });
      onBatch?.(i + 1, batches.length);
    }
    await calls.switchOver({ generation });
  }
  return { posts: begun.posts, pages: begun.pages };
}
