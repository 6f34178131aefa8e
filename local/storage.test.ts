import { appendFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { GenericDocument } from "convex/server";
import { afterEach, expect, test } from "vitest";
import { LOG_FILE, openLog, replayLog, StorageError } from "./storage.ts";
import { makeTempDir } from "./testing.ts";

const temps: Array<ReturnType<typeof makeTempDir>> = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

function fresh() {
  const temp = makeTempDir();
  temps.push(temp);
  return { dir: temp.dir, file: path.join(temp.dir, LOG_FILE) };
}

const doc = (id: string, extra: Record<string, unknown> = {}) =>
  ({ _id: id, _creationTime: 1700000000000.001, ...extra }) as GenericDocument;

test("commits replay in order, with deletes, bigints and counters", () => {
  const { dir, file } = fresh();
  const log = openLog(dir);
  log.appendCommit({ ts: 5n, writes: [["1a", doc("1a", { n: 1n })], ["2a", doc("2a")]], nextDocId: 3, lastCreationTime: 1.5 });
  log.appendCommit({ ts: 9n, writes: [["2a", null]], nextDocId: 4, lastCreationTime: 2.5 });
  log.appendResponse({ session: "s", requestId: 1, message: { ok: true } });
  log.close();
  const replay = replayLog(file);
  expect([...replay.snapshot.documents.keys()]).toEqual(["1a"]);
  expect(replay.snapshot.documents.get("1a")).toEqual(doc("1a", { n: 1n }));
  expect(replay.snapshot).toMatchObject({ nextDocId: 4, lastCreationTime: 2.5, lastCommitTs: 9n });
  expect(replay.responses).toEqual([{ session: "s", requestId: 1, message: { ok: true } }]);
});

test("a damaged line in the middle is an error naming the line", () => {
  const { dir, file } = fresh();
  const log = openLog(dir);
  log.appendCommit({ ts: 1n, writes: [["1a", doc("1a")]], nextDocId: 2, lastCreationTime: 1 });
  log.appendCommit({ ts: 2n, writes: [["2a", doc("2a")]], nextDocId: 3, lastCreationTime: 2 });
  log.close();
  const lines = readFileSync(file, "utf8").split("\n");
  lines[1] = lines[1]!.replace('"1a"', '"1b"');
  writeFileSync(file, lines.join("\n"));
  expect(() => replayLog(file)).toThrow(StorageError);
  expect(() => replayLog(file)).toThrow(/line 2: checksum mismatch/);
});

test("a file that is not a log is refused, and an unreadable one too", () => {
  const { dir, file } = fresh();
  writeFileSync(file, "hello\n");
  expect(() => openLog(dir)).toThrow(/line 1: malformed line/);
  expect(readFileSync(file, "utf8")).toBe("hello\n");
  expect(() => replayLog(path.join(dir, "missing"))).toThrow(/could not be read/);
});

test("a torn last line is moved aside and the log stays appendable", () => {
  const { dir, file } = fresh();
  const log = openLog(dir);
  log.appendCommit({ ts: 1n, writes: [["1a", doc("1a")]], nextDocId: 2, lastCreationTime: 1 });
  log.close();
  appendFileSync(file, "deadbeef {\"t\":\"comm");
  const messages: string[] = [];
  const reopened = openLog(dir, { log: (m) => messages.push(m) });
  expect(reopened.replay.snapshot.documents.has("1a")).toBe(true);
  expect(messages.join()).toMatch(/incomplete record \(19 bytes after its last newline\), which was not replayed; moved it to .*torn-/);
  // A damaged file looks the same as a crash mid-write: the cause is not known.
  expect(messages.join()).not.toMatch(/acknowledged|from a crash/);
  reopened.appendCommit({ ts: 2n, writes: [["2a", doc("2a")]], nextDocId: 3, lastCreationTime: 2 });
  reopened.close();
  expect([...replayLog(file).snapshot.documents.keys()]).toEqual(["1a", "2a"]);
});

test("a long log is compacted into one snapshot with the same state", () => {
  const { dir, file } = fresh();
  const log = openLog(dir);
  for (let i = 0; i < 30; i++) {
    log.appendCommit({ ts: BigInt(i + 1), writes: [["1a", doc("1a", { n: i })]], nextDocId: 2, lastCreationTime: 1 });
  }
  log.close();
  const before = replayLog(file).snapshot;
  const compacted = openLog(dir, { compactAfterExtraRecords: 10 });
  compacted.close();
  const after = replayLog(file);
  expect(after.records).toBe(1);
  expect(after.snapshot).toEqual(before);
});

test("a torn tail ending inside a multi-byte character is cut at its own bytes only", () => {
  const { dir, file } = fresh();
  const log = openLog(dir);
  log.appendCommit({ ts: 1n, writes: [["1a", doc("1a", { title: "“quoted” — dash" })]], nextDocId: 2, lastCreationTime: 1 });
  log.close();
  // A crash in the middle of the em dash's three bytes (e2 80 94).
  const torn = Buffer.concat([Buffer.from('deadbeef {"t":"commit","x":"“'), Buffer.from("—").subarray(0, 1)]);
  appendFileSync(file, torn);
  const messages: string[] = [];
  const reopened = openLog(dir, { log: (m) => messages.push(m) });
  expect(messages.join()).toMatch(new RegExp(`incomplete record \\(${torn.length} bytes`));
  const aside = readdirSync(dir).find((name) => name.startsWith(`${LOG_FILE}.torn-`));
  expect(readFileSync(path.join(dir, aside!))).toEqual(torn);
  reopened.appendCommit({ ts: 2n, writes: [["2a", doc("2a")]], nextDocId: 3, lastCreationTime: 2 });
  reopened.close();
  // The acknowledged record and the new one both survive the next start.
  const again = openLog(dir);
  expect(again.replay.snapshot.documents.get("1a")).toEqual(doc("1a", { title: "“quoted” — dash" }));
  expect([...again.replay.snapshot.documents.keys()]).toEqual(["1a", "2a"]);
  again.close();
});

test("a whole last record without its newline gets one, so the next append starts a new line", () => {
  const { dir, file } = fresh();
  const log = openLog(dir);
  log.appendCommit({ ts: 1n, writes: [["1a", doc("1a")]], nextDocId: 2, lastCreationTime: 1 });
  log.close();
  const content = readFileSync(file);
  writeFileSync(file, content.subarray(0, content.length - 1));
  const reopened = openLog(dir);
  expect(reopened.replay.snapshot.documents.has("1a")).toBe(true);
  reopened.appendCommit({ ts: 2n, writes: [["2a", doc("2a")]], nextDocId: 3, lastCreationTime: 2 });
  reopened.close();
  const again = openLog(dir);
  expect([...again.replay.snapshot.documents.keys()]).toEqual(["1a", "2a"]);
  again.close();
  expect(readdirSync(dir).filter((name) => name.includes(".torn-"))).toEqual([]);
});

test("stored values come back as they were written: int64s of any sign, nested values, bytes, special floats", () => {
  const { dir, file } = fresh();
  const bytes = new Uint8Array([0, 1, 254, 255]).buffer;
  const written = doc("1a", {
    big: -9_223_372_036_854_775_808n,
    small: 5n,
    nested: { list: [1n, "two", { deep: -3n }], flag: true },
    data: bytes,
    nan: NaN,
    negativeZero: -0,
    infinite: -Infinity,
    nothing: null,
  });
  const log = openLog(dir);
  log.appendCommit({ ts: 1n, writes: [["1a", written]], nextDocId: 2, lastCreationTime: 1 });
  log.close();
  const read = replayLog(file).snapshot.documents.get("1a")!;
  expect(read).toEqual(written);
  expect(Object.is(read.negativeZero, -0)).toBe(true);
  expect(typeof read.small).toBe("bigint");
});
