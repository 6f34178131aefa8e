import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("cleanup stale sessions", { minutes: 5 }, internal.stats.cleanupStaleSessions, {});
// Keeps the tail getStats adds to the totals at about a minute of views.
crons.interval("fold page views", { minutes: 1 }, internal.stats.rollupPageViews, {});

// The dashboard's buckets; under load the rollup also schedules itself sooner.
crons.interval("fold dashboard events", { minutes: 1 }, internal.dashboard.rollup, {});

export default crons;
