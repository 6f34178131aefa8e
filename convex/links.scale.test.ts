// The link report's reads stay bounded however many clicks there were: a
// day's clicks on one link are one document, and a query reads at most
// MAX_LINK_DOCS of them. Run under Convex's transaction limits.
import { expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { MAX_LINK_DOCS, MAX_LINK_VISITORS } from "./constants";
import { initConvexTest } from "./test.setup";

const START = Date.UTC(2025, 0, 31, 12);
const DAY = 86_400_000;

test("twelve days of 200 links from 3 pages each, every document full of visitors (a million clicks), reads at most MAX_LINK_DOCS", async () => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  const t = initConvexTest({ transactionLimits: true });
  const hashes = Uint32Array.from({ length: MAX_LINK_VISITORS }, (_, i) => i * 7919).buffer as ArrayBuffer;
  const docs = 12 * 200 * 3;
  // 7,200 documents of 139 clicks each: about 1,000,000 clicks.
  for (let day = 0; day < 12; day++) {
    await t.run(async (ctx) => {
      for (let link = 0; link < 200; link++) {
        for (const from of ["/a", "/b", "/c"]) {
          await ctx.db.insert("linkDays", {
            kind: "outbound",
            day: Date.UTC(2025, 0, 19) + day * DAY,
            key: `https://host${link % 40}.example/${link}`,
            host: `host${link % 40}.example`,
            from,
            fromKind: "page",
            count: 139,
            hashes,
            visitorsFull: true,
          });
        }
      }
    });
  }
  const report = await t.query(api.links.report, { range: "30d", anchor: START, filters: [], kind: "outbound", groupBy: "host" });
  expect(docs).toBeGreaterThan(MAX_LINK_DOCS);
  expect(report.truncated).toBe(true);
  expect(report.visitorsApproximate).toBe(true);
  expect(report.rows).toHaveLength(40);
  vi.useRealTimers();
}, 120_000);
