import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { bodyFields, pageFields, pageType, postFields } from "./validators";

export default defineSchema({
  posts: defineTable(postFields)
    .index("by_slug", ["slug"])
    .index("by_published_and_date", ["published", "date"]),

  pages: defineTable(pageFields)
    .index("by_slug", ["slug"])
    .index("by_published_and_order", ["published", "order"]),

  // One per post or page, written only by the sync. Kept apart so that
  // listing, counting and resolving titles reads kilobytes, not whole articles.
  bodies: defineTable({
    ownerId: v.union(v.id("posts"), v.id("pages")),
    ...bodyFields,
  }).index("by_ownerId", ["ownerId"]),

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
    .index("by_commitTs", ["commitTs"]),

  // Written only by the rollup job: views with commitTs <= watermark are
  // folded into these totals, so getStats never rereads old views.
  pageViewTotals: defineTable({
    watermark: v.int64(),
    totalPageViews: v.number(),
    uniqueVisitors: v.number(),
    trackingSince: v.union(v.number(), v.null()),
  }),

  pathViewTotals: defineTable({
    path: v.string(),
    // The type when last folded, for paths whose content is gone.
    pageType,
    views: v.number(),
  })
    .index("by_path", ["path"])
    .index("by_views", ["views"]),

  // Presence is split in two, so that what the live queries read changes only
  // when a reader joins, leaves or moves to another page (prds/stats.md).
  // One row per present browser: getStats and presence.readers read these.
  presence: defineTable({
    sessionId: v.string(),
    path: v.string(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_path", ["path"]),

  // When each present browser expires unless it heartbeats again. Heartbeats
  // write here; no query a page subscribes to reads this table.
  presenceDeadlines: defineTable({
    sessionId: v.string(),
    deadline: v.number(),
  })
    .index("by_sessionId", ["sessionId"])
    .index("by_deadline", ["deadline"]),

  // At most one row: when the expiry job is due. Read only when a reader joins.
  presenceExpiry: defineTable({
    armedFor: v.number(),
  }),

  // Retired: replaced by the presence tables and no longer written. Kept so a
  // deployment that still holds rows validates; the cleanup cron empties it.
  activeSessions: defineTable({
    sessionId: v.string(),
    currentPath: v.string(),
    lastSeen: v.number(),
  }).index("by_lastSeen", ["lastSeen"]),
});
