import type { Scheduler } from "convex/server";
import { internal } from "./_generated/api";
import type { DatabaseWriter } from "./_generated/server";
import { MAX_SYNC_POSTS } from "./constants";
import type { Post } from "./validators";

// Scheduled posts: published in the files, with a publish time still to come.
// They are stored unpublished, so every query (lists, feeds, sitemap, API,
// search, tags, the post's own URL) hides them without looking at a clock;
// a job the sync schedules publishes them at their time.

type Row = Omit<Post, "content" | "html">;

/** Whether a post the author published waits for its time. */
export function isScheduled(post: Pick<Row, "published" | "publishAt">, now: number): boolean {
  return post.published && post.publishAt !== undefined && post.publishAt > now;
}

/** The row as it is stored at `now`: a scheduled post is not yet published. */
export function asStoredAt<R extends Pick<Row, "published" | "publishAt">>(row: R, now: number): R {
  return isScheduled(row, now) ? { ...row, published: false } : row;
}

/**
 * One pending job per scheduled post of the generation going live. A job
 * whose post is gone or moved to another time is cancelled; a new or moved
 * post gets a job (one whose time passed while the sync was staged runs at
 * once). Unchanged schedules are left alone.
 */
export async function syncPublishJobs(
  db: DatabaseWriter,
  scheduler: Scheduler,
  scheduled: ReadonlyArray<{ slug: string; publishAt: number }>,
): Promise<void> {
  const wanted = new Map(scheduled.map((post) => [post.slug, post.publishAt]));
  const stored = await db.query("publishJobs").withIndex("by_slug").take(MAX_SYNC_POSTS + 1);
  for (const job of stored) {
    if (wanted.get(job.slug) === job.publishAt) {
      wanted.delete(job.slug);
      continue;
    }
    // Only a job still waiting is cancelled; one that ran (or is running) has nothing to undo.
    const pending = await db.system.get("_scheduled_functions", job.jobId);
    if (pending?.state.kind === "pending") await scheduler.cancel(job.jobId);
    await db.delete("publishJobs", job._id);
  }
  for (const [slug, publishAt] of wanted) {
    const jobId = await scheduler.runAt(publishAt, internal.content.publishScheduled, { slug, publishAt });
    await db.insert("publishJobs", { slug, publishAt, jobId });
  }
}
