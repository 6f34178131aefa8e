// The rollup's bookkeeping: which views a run may fold, and how they add to
// the per-path totals. Imported by stats.ts; the second dot keeps it from
// being a Convex module.
import type { Doc } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import type { PageType } from "./validators";

/** Views folded per rollup run; it reschedules itself while more remain. */
export const ROLLUP_BATCH = 500;
/** Convex writes at most 16,000 documents per transaction, so one commit's views fit one read. */
const MAX_VIEWS_PER_COMMIT = 16_000;

export function earliest(since: number | null, views: Doc<"pageViews">[]): number | null {
  let min = since;
  for (const view of views) if (min === null || view.timestamp < min) min = view.timestamp;
  return min;
}

function commitTsOf(view: Doc<"pageViews">): bigint {
  // Placeholders exist only inside the inserting mutation, never in a later read.
  if (typeof view.commitTs !== "bigint") throw new Error("pageViews.commitTs is not committed");
  return view.commitTs;
}

/**
 * The watermark must not split one commit's views: the rest would share its
 * commitTs and be skipped. A full batch therefore drops its last commit, or,
 * when the whole batch is one commit, reads all of it.
 */
export async function wholeCommits(
  ctx: MutationCtx,
  batch: Doc<"pageViews">[],
): Promise<{ views: Doc<"pageViews">[]; through: bigint }> {
  const last = commitTsOf(batch[batch.length - 1]!);
  if (batch.length < ROLLUP_BATCH) return { views: batch, through: last };
  if (commitTsOf(batch[0]!) === last) {
    const views = await ctx.db
      .query("pageViews")
      .withIndex("by_commitTs", (q) => q.eq("commitTs", last))
      .take(MAX_VIEWS_PER_COMMIT);
    return { views, through: last };
  }
  const views = batch.filter((view) => commitTsOf(view) < last);
  return { views, through: commitTsOf(views[views.length - 1]!) };
}

export async function foldIntoPathTotals(ctx: MutationCtx, views: Doc<"pageViews">[]): Promise<void> {
  const added = new Map<string, { views: number; pageType: PageType }>();
  for (const view of views) {
    const entry = added.get(view.path) ?? { views: 0, pageType: view.pageType };
    entry.views += 1;
    entry.pageType = view.pageType;
    added.set(view.path, entry);
  }
  await Promise.all(
    [...added].map(async ([path, add]) => {
      const row = await ctx.db
        .query("pathViewTotals")
        .withIndex("by_path", (q) => q.eq("path", path))
        .first();
      if (row === null) await ctx.db.insert("pathViewTotals", { path, ...add });
      else await ctx.db.patch("pathViewTotals", row._id, { views: row.views + add.views, pageType: add.pageType });
    }),
  );
}
