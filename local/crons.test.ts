import { describe, expect, test } from "vitest";
import { cronExpression, nextRun, parseCronJobs, type CronSchedule } from "./crons.ts";

const at = (iso: string) => Date.parse(iso);
const NOW = at("2024-05-15T10:20:30Z"); // a Wednesday

describe("nextRun", () => {
  test.each<[CronSchedule, string]>([
    [{ type: "interval", seconds: 30 }, "2024-05-15T10:21:00Z"],
    [{ type: "interval", minutes: 2 }, "2024-05-15T10:22:30Z"],
    [{ type: "interval", hours: 1 }, "2024-05-15T11:20:30Z"],
    [{ type: "hourly", minuteUTC: 5 }, "2024-05-15T11:05:00Z"],
    [{ type: "hourly", minuteUTC: 45 }, "2024-05-15T10:45:00Z"],
    [{ type: "daily", hourUTC: 3, minuteUTC: 0 }, "2024-05-16T03:00:00Z"],
    [{ type: "weekly", dayOfWeek: "monday", hourUTC: 0, minuteUTC: 0 }, "2024-05-20T00:00:00Z"],
    [{ type: "monthly", day: 1, hourUTC: 12, minuteUTC: 30 }, "2024-06-01T12:30:00Z"],
    [{ type: "cron", cron: "*/15 * * * *" }, "2024-05-15T10:30:00Z"],
  ])("%j runs next at %s", (schedule, expected) => {
    expect(new Date(nextRun(schedule, NOW)).toISOString()).toBe(new Date(expected).toISOString());
  });

  test("schedules become UTC cron expressions", () => {
    expect(cronExpression({ type: "weekly", dayOfWeek: "sunday", hourUTC: 4 })).toBe("0 4 * * 0");
    expect(cronExpression({ type: "interval", seconds: 1 })).toBeNull();
  });
});

test("reads the jobs of a crons.ts default export", () => {
  const module = {
    default: { crons: { cleanup: { name: "stats:cleanup", args: [{ limit: 5 }], schedule: { type: "interval", minutes: 1 } } } },
  };
  expect(parseCronJobs(module)).toEqual([
    { id: "cleanup", name: "stats:cleanup", args: { limit: 5 }, schedule: { type: "interval", minutes: 1 } },
  ]);
  expect(parseCronJobs(undefined)).toEqual([]);
});
