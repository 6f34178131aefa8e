import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { pageFields, pageType, postFields } from "./validators";

export default defineSchema({
  posts: defineTable(postFields)
    .index("by_slug", ["slug"])
    .index("by_published_and_date", ["published", "date"]),

  pages: defineTable(pageFields)
    .index("by_slug", ["slug"])
    .index("by_published_and_order", ["published", "order"]),

  // Insert-only view events: nothing shared is written per view.
  pageViews: defineTable({
    path: v.string(),
    pageType,
    sessionId: v.string(),
    timestamp: v.number(),
    // True on the first view ever recorded for this session id.
    newVisitor: v.boolean(),
    // Commit order, so the rollup's watermark can never skip a late commit.
    commitTs: v.commitTs(),
  })
    .index("by_sessionId_and_path", ["sessionId", "path"])
    .index("by_timestamp", ["timestamp"])
    .index("by_commitTs", ["commitTs"]),

  activeSessions: defineTable({
    sessionId: v.string(),
    currentPath: v.string(),
    lastSeen: v.number(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_lastSeen", ["lastSeen"]),
});
