import { ConvexError, v } from "convex/values";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { action, internalMutation, internalQuery, mutation, query } from "./_generated/server";

const LIST_LIMIT = 100;
const message = v.object({ _id: v.id("messages"), _creationTime: v.number(), body: v.string(), author: v.string() });

export const list = query({
  args: {},
  returns: v.array(message),
  handler: async (ctx) => await ctx.db.query("messages").order("asc").take(LIST_LIMIT),
});

export const send = mutation({
  args: { body: v.string(), author: v.string() },
  returns: v.id("messages"),
  handler: async (ctx, { body, author }) => {
    if (body.trim() === "") throw new ConvexError({ code: "EMPTY_BODY", field: "body" });
    return await ctx.db.insert("messages", { body, author });
  },
});

export const sendLater = mutation({
  args: { body: v.string(), delayMs: v.number() },
  returns: v.null(),
  handler: async (ctx, { body, delayMs }) => {
    await ctx.scheduler.runAfter(delayMs, internal.messages.insertInternal, { body, author: "scheduler" });
    return null;
  },
});

export const fail = mutation({
  args: {},
  returns: v.null(),
  handler: async () => {
    throw new Error("boom");
  },
});

export const violateSchema = mutation({
  args: {},
  returns: v.null(),
  handler: async (ctx) => {
    // A number where the schema wants a string: convex-test must reject it.
    await ctx.db.insert("messages", { body: 42 as unknown as string, author: "bad" });
    return null;
  },
});

export const countViaAction = action({
  args: {},
  returns: v.number(),
  handler: async (ctx): Promise<number> => (await ctx.runQuery(internal.messages.count, {})),
});

export const failWithData = query({
  args: {},
  returns: v.null(),
  handler: async () => {
    throw new ConvexError({ code: "QUERY_DATA", nested: { n: 1 } });
  },
});

export const actionFailWithData = action({
  args: {},
  returns: v.null(),
  handler: async () => {
    throw new ConvexError({ code: "ACTION_DATA", list: [1, "two"] });
  },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes only after a wait, to span a reload. */
export const slowSend = action({
  args: { body: v.string(), waitMs: v.number() },
  returns: v.id("messages"),
  handler: async (ctx, { body, waitMs }): Promise<Id<"messages">> => {
    await sleep(waitMs);
    return await ctx.runMutation(internal.messages.insertInternal, { body, author: "slow" });
  },
});

export const sendSlowlyLater = mutation({
  args: { body: v.string(), waitMs: v.number() },
  returns: v.null(),
  handler: async (ctx, args) => {
    await ctx.scheduler.runAfter(0, api.messages.slowSend, args);
    return null;
  },
});

/** Reads only after a wait, to span a reload. */
export const slowCount = action({
  args: { waitMs: v.number() },
  returns: v.number(),
  handler: async (ctx, { waitMs }): Promise<number> => {
    await sleep(waitMs);
    return await ctx.runQuery(internal.messages.count, {});
  },
});

// --- internal ---

export const insertInternal = internalMutation({
  args: { body: v.string(), author: v.string() },
  returns: v.id("messages"),
  handler: async (ctx, args) => await ctx.db.insert("messages", args),
});

export const count = internalQuery({
  args: {},
  returns: v.number(),
  handler: async (ctx) => (await ctx.db.query("messages").take(LIST_LIMIT)).length,
});

/** Writes through a nested mutation, and through one that fails, then reads the author's messages back. */
export const sendNested = internalMutation({
  args: { author: v.string() },
  returns: v.array(v.string()),
  handler: async (ctx, { author }) => {
    await ctx.runMutation(internal.messages.insertInternal, { body: "nested", author });
    try {
      await ctx.runMutation(internal.messages.insertThenFail, { author });
    } catch {
      // Its write is rolled back with it.
    }
    await ctx.db.insert("messages", { body: "outer", author });
    const mine = await ctx.db.query("messages").withIndex("by_author", (q) => q.eq("author", author)).take(LIST_LIMIT);
    return mine.map((m) => m.body);
  },
});

export const insertThenFail = internalMutation({
  args: { author: v.string() },
  returns: v.null(),
  handler: async (ctx, { author }) => {
    await ctx.db.insert("messages", { body: "rolled back", author });
    throw new Error("nested failure");
  },
});
