import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { internalMutation, mutation, query, type DatabaseReader, type MutationCtx } from "./_generated/server";
import { HEARTBEAT_DEDUP_MS, READERS_CAP } from "./constants";
import { sessionTimeoutMs } from "./stats.config";
import { settingsOf } from "./dashboard.access";
import { checkPath, normalizeSessionId } from "./stats.input";
import { sitePageOf } from "./stats.pages";

// Who is reading now, built on the idea of @convex-dev/presence: the rows the
// live queries read (`presence`) change only on a join, a leave or a path
// change; heartbeats move a deadline in a table no live query reads
// (`presenceDeadlines`); one scheduled job wakes at the earliest deadline and
// drops the readers whose leave never arrived. Why not the component itself:
// prds/stats.md.

/** Expired readers dropped per run of the expiry job; it runs again at once while more are due. */
export const EXPIRY_BATCH = 64;
/**
 * A job that should have run this long ago and has not re-armed itself was
 * lost (a failed run, a restore from backup): the next join arms a new one.
 */
export const EXPIRY_OVERDUE_MS = 60 * 1000;

/**
 * Keeps this browser present on `path` until the session timeout. A join, a
 * path change or a first heartbeat writes `presence`; a same-path heartbeat
 * writes only its own deadline, and nothing at all within HEARTBEAT_DEDUP_MS
 * of the last one.
 */
export const heartbeat = mutation({
  args: { sessionId: v.string(), path: v.string() },
  returns: v.null(),
  handler: async (ctx, { sessionId: givenSessionId, path }) => {
    const sessionId = normalizeSessionId(givenSessionId);
    checkPath(path);
    const now = Date.now();
    const deadline = now + sessionTimeoutMs();
    const [row, due] = await Promise.all([presenceOf(ctx.db, sessionId), deadlineOf(ctx.db, sessionId)]);

    if (row === null || row.path !== path) {
      // Made-up paths never reach the stats; a reader on one keeps its old page until it expires.
      if ((await sitePageOf(ctx.db, path)).pageType === "notFound") return null;
      if (row === null) await ctx.db.insert("presence", { sessionId, path });
      else await ctx.db.patch("presence", row._id, { path });
    }
    if (due === null) {
      await ctx.db.insert("presenceDeadlines", { sessionId, deadline });
      await armExpiryFor(ctx, deadline, now);
    } else if (deadline - due.deadline >= HEARTBEAT_DEDUP_MS) {
      await ctx.db.patch("presenceDeadlines", due._id, { deadline });
    }
    return null;
  },
});

/**
 * This browser has left (its tab was hidden or closed). The beacon and the
 * socket may both deliver it: the second finds nothing and writes nothing.
 */
export const leave = mutation({
  args: { sessionId: v.string() },
  returns: v.null(),
  handler: async (ctx, { sessionId }) => {
    await dropSession(ctx, normalizeSessionId(sessionId));
    return null;
  },
});

/**
 * How many browsers are reading `path` now, up to READERS_CAP. Reads one
 * index range of `presence`, so it re-runs only when a reader joins or
 * leaves this path.
 */
export const readers = query({
  args: { path: v.string() },
  returns: v.number(),
  handler: async (ctx, { path }) => {
    checkPath(path);
    // A private site shows its traffic to key holders only; readers see no count.
    if (settingsOf().access === "private") return 0;
    const rows = await ctx.db
      .query("presence")
      .withIndex("by_path", (q) => q.eq("path", path))
      .take(READERS_CAP);
    return rows.length;
  },
});

// ---------------------------------------------------------------------------
// Internal: the expiry job.
// ---------------------------------------------------------------------------

/**
 * Drops every reader whose deadline has passed, then sleeps until the next
 * deadline. A run whose `armedFor` is no longer the armed time was replaced
 * by a newer one and does nothing, so there is never more than one chain.
 */
export const expire = internalMutation({
  args: { armedFor: v.number() },
  returns: v.null(),
  handler: async (ctx, { armedFor }) => {
    const armed = await ctx.db.query("presenceExpiry").first();
    if (armed === null || armed.armedFor !== armedFor) return null;
    const now = Date.now();
    const due = await ctx.db
      .query("presenceDeadlines")
      .withIndex("by_deadline", (q) => q.lte("deadline", now))
      .take(EXPIRY_BATCH);
    for (const row of due) await dropSession(ctx, row.sessionId);

    const next =
      due.length === EXPIRY_BATCH
        ? now
        : ((
            await ctx.db
              .query("presenceDeadlines")
              .withIndex("by_deadline", (q) => q.gt("deadline", now))
              .first()
          )?.deadline ?? null);
    if (next === null) await ctx.db.delete("presenceExpiry", armed._id);
    else await arm(ctx, next, armed._id);
    return null;
  },
});

// ---------------------------------------------------------------------------

function presenceOf(db: DatabaseReader, sessionId: string) {
  return db
    .query("presence")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .unique();
}

function deadlineOf(db: DatabaseReader, sessionId: string) {
  return db
    .query("presenceDeadlines")
    .withIndex("by_sessionId", (q) => q.eq("sessionId", sessionId))
    .unique();
}

async function dropSession(ctx: MutationCtx, sessionId: string) {
  const [row, due] = await Promise.all([presenceOf(ctx.db, sessionId), deadlineOf(ctx.db, sessionId)]);
  if (row !== null) await ctx.db.delete("presence", row._id);
  if (due !== null) await ctx.db.delete("presenceDeadlines", due._id);
}

/**
 * On a join: the job must wake by this reader's deadline. Every deadline is
 * at most one timeout away and a heartbeat only moves its own later, so a job
 * armed at or before the new deadline already covers it.
 */
async function armExpiryFor(ctx: MutationCtx, deadline: number, now: number) {
  const armed = await ctx.db.query("presenceExpiry").first();
  if (armed !== null && armed.armedFor <= deadline && armed.armedFor > now - EXPIRY_OVERDUE_MS) return;
  await arm(ctx, deadline, armed?._id ?? null);
}

async function arm(ctx: MutationCtx, at: number, existing: Id<"presenceExpiry"> | null) {
  if (existing === null) await ctx.db.insert("presenceExpiry", { armedFor: at });
  else await ctx.db.patch("presenceExpiry", existing, { armedFor: at });
  await ctx.scheduler.runAt(at, internal.presence.expire, { armedFor: at });
}
