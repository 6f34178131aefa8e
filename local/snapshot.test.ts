import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { GenericDocument } from "convex/server";
import { ConvexHttpClient } from "convex/browser";
import { afterEach, expect, test } from "vitest";
import { startLocalBackend } from "./backend.ts";
import type { CommittedWrite, LogState } from "./convexTestInternals.ts";
import { LOG_FILE, openLog, replayLog } from "./storage.ts";
import { FIXTURE_CONVEX_DIR, makeTempDir } from "./testing.ts";
import { api } from "./test-fixtures/convex/_generated/api";

const temps: Array<ReturnType<typeof makeTempDir>> = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

function fresh() {
  const temp = makeTempDir();
  temps.push(temp);
  return { dir: temp.dir, file: path.join(temp.dir, LOG_FILE) };
}

const idOf = (n: number) => `${10000 + n}items`;
const item = (n: number, value: number): GenericDocument => ({ _id: idOf(n), _creationTime: 1000 + n, value, big: BigInt(n) });

/**
 * What the executor would hand the log: the documents committed so far and
 * one index (`by_value`) kept in order, as a snapshot saves them.
 */
class Database {
  documents = new Map<string, GenericDocument>();
  ts = 0n;
  commit(log: ReturnType<typeof openLog>, writes: CommittedWrite[]) {
    for (const [id, doc] of writes) {
      if (doc === null) this.documents.delete(id);
      else this.documents.set(id, doc);
    }
    this.ts += 1n;
    log.appendCommit({ ts: this.ts, writes, nextDocId: 20000, lastCreationTime: 5000 });
  }
  byValue(): GenericDocument[] {
    return [...this.documents.values()].sort(
      (a, b) => (a.value as number) - (b.value as number) || (a._creationTime as number) - (b._creationTime as number),
    );
  }
  state = (): LogState => ({
    documents: [...this.documents.values()],
    nextDocId: 20000,
    lastCreationTime: 5000,
    lastCommitTs: this.ts,
    orders: [{ table: "items", index: "by_value", fields: ["value", "_creationTime", "_id"], docs: this.byValue() }],
  });
}

const lineCount = (file: string) => readFileSync(file, "utf8").split("\n").length - 1;

test("on close, a log that grew is rewritten as one snapshot with its index orders, which the next start restores", () => {
  const { dir, file } = fresh();
  const db = new Database();
  const log = openLog(dir, { compactOnCloseAfterBytes: 0 });
  log.setStateSource(db.state);
  for (let i = 0; i < 20; i++) db.commit(log, [[idOf(i), item(i, (i * 7) % 5)]]);
  db.commit(log, [[idOf(3), null]]);
  log.appendResponse({ session: "s", requestId: 1, message: { ok: true } });
  log.close();
  expect(lineCount(file)).toBe(2);
  const replay = replayLog(file);
  expect(replay.snapshot.documents).toEqual(db.documents);
  expect(replay.snapshot.lastCommitTs).toBe(db.ts);
  expect(replay.responses).toEqual([{ session: "s", requestId: 1, message: { ok: true } }]);
  expect(replay.snapshot.savedOrders?.orders).toEqual(db.state().orders);

  // Commits after the snapshot replay on top of it, and name what they changed.
  const again = openLog(dir);
  db.commit(again, [[idOf(4), item(4, 99)]]);
  again.close();
  const later = replayLog(file);
  expect(later.snapshot.documents).toEqual(db.documents);
  expect(later.snapshot.savedOrders?.changed).toEqual(new Map([["items", new Set([idOf(4)])]]));
});

test("a log that grew less than the close threshold is left as it is", () => {
  const { dir, file } = fresh();
  const db = new Database();
  const log = openLog(dir);
  log.setStateSource(db.state);
  db.commit(log, [[idOf(1), item(1, 1)]]);
  log.close();
  expect(lineCount(file)).toBe(2);
  expect(replayLog(file).snapshot.savedOrders).toBeUndefined();
});

test("while running, a snapshot is written in the background; commits made meanwhile follow it", async () => {
  const { dir, file } = fresh();
  const db = new Database();
  const log = openLog(dir, { compactAfterBytes: 4096 });
  log.setStateSource(db.state);
  let i = 0;
  while (log.compacting() === null) db.commit(log, [[idOf(i), item(i, i++ % 9)]]);
  const started = i;
  const writing = log.compacting()!;
  // Between two of its pauses: the live log holds everything, the snapshot file is not there yet.
  db.commit(log, [[idOf(1), item(1, 50)]]);
  db.commit(log, [[idOf(2), null]]);
  expect(replayLog(file).snapshot.documents).toEqual(db.documents);
  await writing;
  expect(log.compacting()).toBeNull();
  expect(existsSync(`${file}.next`)).toBe(false);
  // Header, snapshot, the two commits made while it was written.
  expect(lineCount(file)).toBe(4);
  db.commit(log, [[idOf(started), item(started, 3)]]);
  log.close();
  const replay = replayLog(file);
  expect(replay.snapshot.documents).toEqual(db.documents);
  expect(replay.records).toBe(4);
  expect(replay.snapshot.savedOrders?.changed.get("items")).toEqual(new Set([idOf(1), idOf(2), idOf(started)]));
});

test("a crash while a snapshot is written loses nothing: the unfinished file is ignored and the log replays", async () => {
  const { dir, file } = fresh();
  const db = new Database();
  const log = openLog(dir, { compactAfterBytes: 4096 });
  log.setStateSource(db.state);
  let i = 0;
  while (log.compacting() === null) db.commit(log, [[idOf(i), item(i, i++ % 9)]]);
  db.commit(log, [[idOf(0), item(0, 42)]]);
  // kill -9 now: the folder as it is, the snapshot file cut short.
  const crashed = fresh();
  copyFileSync(file, crashed.file);
  const unfinished = readFileSync(`${file}.next`);
  writeFileSync(`${crashed.file}.next`, unfinished.subarray(0, Math.floor(unfinished.length / 2)));
  const writing = log.compacting()!;
  await writing;
  log.close();

  const messages: string[] = [];
  const reopened = openLog(crashed.dir, { log: (m) => messages.push(m) });
  expect(reopened.replay.snapshot.documents).toEqual(db.documents);
  expect(messages.join()).toMatch(/Ignored an unfinished snapshot .*db\.jsonl\.next/);
  expect(existsSync(`${crashed.file}.next`)).toBe(false);
  reopened.close();
});

test("closing during a background snapshot stops it and writes one at once", async () => {
  const { dir, file } = fresh();
  mkdirSync(dir, { recursive: true });
  const db = new Database();
  const log = openLog(dir, { compactAfterBytes: 4096, compactOnCloseAfterBytes: 0 });
  log.setStateSource(db.state);
  let i = 0;
  while (log.compacting() === null) db.commit(log, [[idOf(i), item(i, i++ % 9)]]);
  const writing = log.compacting()!;
  db.commit(log, [[idOf(0), item(0, 7)]]);
  log.close();
  await writing;
  expect(existsSync(`${file}.next`)).toBe(false);
  expect(lineCount(file)).toBe(2);
  expect(replayLog(file).snapshot.documents).toEqual(db.documents);
  expect(statSync(file).size).toBeGreaterThan(0);
});

test("a backend stopped cleanly starts again with every index restored from its snapshot, not sorted", { timeout: 60_000 }, async () => {
  const { dir, file } = fresh();
  const options = { port: 0, dataDir: dir, convexDir: FIXTURE_CONVEX_DIR, quiet: true, watch: false, compaction: { onCloseAfterBytes: 0 } };
  const first = await startLocalBackend(options);
  const http = new ConvexHttpClient(first.url);
  for (let i = 0; i < 5; i++) await http.mutation(api.messages.send, { body: `m${i}`, author: i % 2 === 0 ? "a" : "b" });
  expect(first.executor.sortedIndexes().restored).toBe(0);
  await first.close();
  expect(lineCount(file)).toBe(2);

  const second = await startLocalBackend(options);
  try {
    const { sorted, restored } = second.executor.sortedIndexes();
    expect(restored).toBe(sorted.length);
    expect(restored).toBeGreaterThan(0);
    const bodies = (await new ConvexHttpClient(second.url).query(api.messages.list, {})).map((m) => m.body);
    expect(bodies).toEqual(expect.arrayContaining(["m0", "m1", "m2", "m3", "m4"]));
  } finally {
    await second.close();
  }
});
