import { ConvexError, v } from "convex/values";
import { internalMutation, query } from "./_generated/server";

export const get = query({
  args: { name: v.string() },
  returns: v.number(),
  handler: async (ctx, { name }) =>
    (await ctx.db.query("ticks").withIndex("by_name", (q) => q.eq("name", name)).unique())?.count ?? 0,
});

/** Like a private dashboard: refuses a caller without the key before reading anything. */
export const guarded = query({
  args: { name: v.string(), key: v.optional(v.string()) },
  returns: v.number(),
  handler: async (ctx, { name, key }) => {
    if (key !== "fixture-key") throw new ConvexError({ code: "PRIVATE", message: "a key is needed" });
    return (await ctx.db.query("ticks").withIndex("by_name", (q) => q.eq("name", name)).unique())?.count ?? 0;
  },
});

// --- internal ---

export const bump = internalMutation({
  args: { name: v.string() },
  returns: v.null(),
  handler: async (ctx, { name }) => {
    const row = await ctx.db.query("ticks").withIndex("by_name", (q) => q.eq("name", name)).unique();
    if (row === null) await ctx.db.insert("ticks", { name, count: 1 });
    else await ctx.db.patch("ticks", row._id, { count: row.count + 1 });
    return null;
  },
});
