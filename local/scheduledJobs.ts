// Scheduled functions live on convex-test's in-memory timers. When those
// timers go away (restart, reload) the waiting jobs are moved to new ones.
import { setTimeout as sleep } from "node:timers/promises";
import { makeFunctionReference } from "convex/server";
import type { GenericId, Value } from "convex/values";
import type { DatabaseSnapshot } from "./convexTestInternals.ts";
import type { Generation, TestConvex } from "./generation.ts";
import type { Logger } from "./logger.ts";

export interface ScheduledJob {
  _id: GenericId<"_scheduled_functions">;
  name: string;
  args: Value[];
  scheduledTime: number;
  state: { kind: string };
}

/**
 * Cancels the scheduled functions still waiting on this instance's timers and
 * returns them, so another instance can run them. On start (`recovered`),
 * functions that were running when the process stopped are cancelled too:
 * re-running them could apply a mutation twice.
 */
export async function takeScheduledJobs(t: TestConvex, recovered: boolean, logger: Logger): Promise<ScheduledJob[]> {
  return await t.run(async (ctx) => {
    const jobs = (await ctx.db.system.query("_scheduled_functions").collect()) as unknown as ScheduledJob[];
    const waiting = jobs.filter((job) => job.state.kind === "pending");
    const interrupted = recovered ? jobs.filter((job) => job.state.kind === "inProgress") : [];
    for (const job of [...waiting, ...interrupted]) {
      await ctx.scheduler.cancel(job._id);
    }
    for (const job of interrupted) {
      logger.warn(`Scheduled function ${job.name} was running when the backend stopped; it was cancelled, not retried.`);
    }
    return waiting;
  });
}

/** Schedules the jobs again at their original times (past times run at once). */
export async function restartScheduledJobs(t: TestConvex, jobs: ScheduledJob[]) {
  if (jobs.length === 0) return;
  await t.run(async (ctx) => {
    for (const job of jobs) {
      const args = (job.args[0] ?? {}) as Record<string, Value>;
      await ctx.scheduler.runAt(job.scheduledTime, makeFunctionReference<"mutation" | "action">(job.name), args);
    }
  });
}

/**
 * Takes the old instance's state inside one of its own transactions, so no
 * query or mutation is running on it at that moment, and retires it in the
 * same step. Waits first for running scheduled functions (their bookkeeping
 * writes would otherwise be refused), up to `drainTimeoutMs`.
 */
export async function retireGeneration(old: Generation, drainTimeoutMs: number, logger: Logger): Promise<DatabaseSnapshot> {
  const deadline = Date.now() + drainTimeoutMs;
  for (;;) {
    await old.t.finishInProgressScheduledFunctions();
    const force = Date.now() >= deadline;
    let snapshot: DatabaseSnapshot | null = null;
    await old.t.run(async (ctx) => {
      const jobs = (await ctx.db.system.query("_scheduled_functions").collect()) as unknown as ScheduledJob[];
      const running = jobs.filter((job) => job.state.kind === "inProgress").length;
      if (running > 0 && !force) return;
      if (running > 0) {
        logger.warn(`${running} scheduled function(s) still running after ${drainTimeoutMs} ms; their later writes are refused.`);
      }
      // Their timers on the old instance then find them cancelled; the
      // exported state still has them pending, for the new instance.
      for (const job of jobs) if (job.state.kind === "pending") await ctx.scheduler.cancel(job._id);
      snapshot = old.internals.exportState();
      old.phase = "retiring";
    });
    if (snapshot !== null) {
      old.phase = "retired";
      return snapshot;
    }
    await sleep(10);
  }
}
