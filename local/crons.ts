// Runs the jobs of convex/crons.ts on the real clock.
import { clearTimeout, setTimeout } from "node:timers";
import { CronExpressionParser } from "cron-parser";
import type { JSONValue } from "convex/values";
import type { Executor } from "./executor.ts";
import type { Logger } from "./logger.ts";

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

export type CronSchedule =
  | { type: "interval"; seconds?: number; minutes?: number; hours?: number }
  | { type: "hourly"; minuteUTC?: number }
  | { type: "daily"; hourUTC: number; minuteUTC?: number }
  | { type: "weekly"; dayOfWeek: (typeof DAYS)[number]; hourUTC: number; minuteUTC?: number }
  | { type: "monthly"; day: number; hourUTC: number; minuteUTC?: number }
  | { type: "cron"; cron: string };

export interface CronJob {
  id: string;
  name: string;
  args: JSONValue;
  schedule: CronSchedule;
}

/** Reads the `.crons` map of the default export of convex/crons.ts. */
export function parseCronJobs(cronsModule: Record<string, unknown> | undefined): CronJob[] {
  const definitions = (cronsModule?.default as { crons?: unknown } | undefined)?.crons;
  if (typeof definitions !== "object" || definitions === null) return [];
  return Object.entries(definitions as Record<string, { name: string; args: JSONValue[]; schedule: CronSchedule }>).map(
    ([id, job]) => ({ id, name: job.name, args: job.args[0] ?? {}, schedule: job.schedule }),
  );
}

/** The schedule as a UTC cron expression; null for intervals. */
export function cronExpression(schedule: CronSchedule): string | null {
  switch (schedule.type) {
    case "interval":
      return null;
    case "hourly":
      return `${schedule.minuteUTC ?? 0} * * * *`;
    case "daily":
      return `${schedule.minuteUTC ?? 0} ${schedule.hourUTC} * * *`;
    case "weekly":
      return `${schedule.minuteUTC ?? 0} ${schedule.hourUTC} * * ${DAYS.indexOf(schedule.dayOfWeek)}`;
    case "monthly":
      return `${schedule.minuteUTC ?? 0} ${schedule.hourUTC} ${schedule.day} * *`;
    case "cron":
      return schedule.cron;
  }
}

export function intervalMs(schedule: Extract<CronSchedule, { type: "interval" }>): number {
  return ((schedule.hours ?? 0) * 3600 + (schedule.minutes ?? 0) * 60 + (schedule.seconds ?? 0)) * 1000;
}

/** When the job runs next after `now` (ms since the epoch). */
export function nextRun(schedule: CronSchedule, now: number): number {
  if (schedule.type === "interval") return now + intervalMs(schedule);
  const expression = cronExpression(schedule)!;
  return CronExpressionParser.parse(expression, { currentDate: new Date(now), tz: "UTC" }).next().getTime();
}

// setTimeout holds at most about 24.8 days; longer waits are taken in steps.
const MAX_TIMER_MS = 2 **31 - 1;

export class CronRunner {
  private timers = new Map<string, NodeJS.Timeout>();
  private running = new Set<string>();
  private stopped = false;

  constructor(
    private readonly executor: Executor,
    private readonly logger: Logger,
  ) {}

  /** Replaces every scheduled job with `jobs`. */
  start(jobs: CronJob[]) {
    this.clear();
    this.stopped = false;
    for (const job of jobs) {
      try {
        this.plan(job, nextRun(job.schedule, Date.now()));
      } catch (error) {
        this.logger.error(`Cron "${job.id}" has a schedule that cannot run: ${(error as Error).message}`);
      }
    }
  }

  stop() {
    this.stopped = true;
    this.clear();
  }

  private clear() {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private plan(job: CronJob, at: number) {
    const wait = Math.max(0, at - Date.now());
    const timer = setTimeout(
      () => {
        if (this.stopped) return;
        if (at > Date.now()) {
          this.plan(job, at);
          return;
        }
        this.plan(job, nextRun(job.schedule, Math.max(Date.now(), at)));
        void this.run(job);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.set(job.id, timer);
  }

  private async run(job: CronJob) {
    // Like Convex, a run still going when the next is due makes that one skip.
    if (this.running.has(job.id)) return;
    this.running.add(job.id);
    try {
      const outcome = await this.executor.call("any", job.name, job.args, { admin: true });
      if (outcome.status === "error") this.logger.error(`Cron "${job.id}" (${job.name}) failed: ${outcome.errorMessage}`);
    } finally {
      this.running.delete(job.id);
    }
  }
}
