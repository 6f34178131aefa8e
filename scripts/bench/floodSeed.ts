// Writes stored page views straight into a new data folder's log, so the
// benchmark does not spend minutes recording them one call at a time. The
// documents are what recordPageView inserts, one commit timestamp each.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { GenericDocument } from "convex/server";
import type { CommittedWrite } from "../../local/convexTestInternals.ts";
import { openLog } from "../../local/storage.ts";

/** convex-test's id format: a counter padded to 32 characters with the table name. */
const FIRST_ID = 10_000;
const idOf = (n: number, table: string) => String(n).padStart(32 - table.length, "0") + table;

export function seedPageViews(dataDir: string, views: number) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const log = openLog(dataDir);
  try {
    // Spread over the last hour, one millisecond apart, all in the past.
    const start = Date.now() - 60 * 60 * 1000;
    const writes: CommittedWrite[] = [];
    for (let i = 0; i < views; i++) {
      const time = start + i;
      const doc: GenericDocument = {
        _id: idOf(FIRST_ID + i, "pageViews"),
        _creationTime: time,
        path: "/",
        pageType: "home",
        sessionId: randomUUID(),
        timestamp: time,
        newVisitor: true,
        commitTs: BigInt(time) * 1_000_000n,
      };
      writes.push([doc._id as string, doc]);
    }
    log.appendCommit({
      ts: BigInt(start + views) * 1_000_000n,
      writes,
      nextDocId: FIRST_ID + views,
      lastCreationTime: start + views,
    });
  } finally {
    log.close();
  }
}
