import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  messages: defineTable({ body: v.string(), author: v.string() }).index("by_author", ["author"]),
  ticks: defineTable({ name: v.string(), count: v.number() }).index("by_name", ["name"]),
});
