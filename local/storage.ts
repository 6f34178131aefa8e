// The durable log: one line per committed transaction, fsync'd before the
// commit is acknowledged. Replayed on start.
//
// Line format: `<crc32 as 8 hex digits> <json>\n`. The checksum catches a
// damaged line anywhere in the file; only a last line without its newline (a
// crash in the middle of an append) is tolerated, moved aside, and reported.
// The tail is found and cut on raw bytes, never on decoded text.
import fs from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";
import { convexToJson, jsonToConvex, type JSONValue } from "convex/values";
import type { GenericDocument } from "convex/server";
import { tableOfId, type CommitEvent, type DatabaseSnapshot, type LogState } from "./convexTestInternals.ts";
import type { SavedOrders } from "./indexRanges.ts";
import { snapshotPieces, writeSnapshotFile, writeSnapshotFileNow } from "./snapshot.ts";

export const LOG_FILE = "db.jsonl";
const FORMAT = "markdown-site/local-backend";
const FORMAT_VERSION = 1;

/** A mutation response kept so a resent mutation is answered, not re-run. */
export interface StoredResponse {
  session: string;
  requestId: number;
  message: JSONValue;
}

type Header = { t: "header"; format: string; version: number };
type CommitRecord = {
  t: "commit";
  ts: string;
  nextId: number;
  lastCreationTime: number;
  writes: Array<[string, JSONValue | null]>;
};
type ResponseRecord = { t: "response" } & StoredResponse;
type SnapshotRecord = {
  t: "snapshot";
  ts: string;
  nextId: number;
  lastCreationTime: number;
  docs: Array<[string, JSONValue]>;
  responses: StoredResponse[];
  /** Each index's order: table, index, fields, positions in `docs`. */
  orders?: Array<[string, string, string[], number[]]>;
};
type LogRecord = Header | CommitRecord | ResponseRecord | SnapshotRecord;

export class StorageError extends Error {
  constructor(file: string, detail: string, options?: { cause?: unknown }) {
    super(
      `Local backend data file ${file} cannot be used: ${detail}\n` +
        `The file was left untouched. Restore it from a backup, or move it away ` +
        `to start with an empty database.`,
      options,
    );
    this.name = "StorageError";
  }
}

export interface ReplayResult {
  snapshot: DatabaseSnapshot;
  responses: StoredResponse[];
  records: number;
  /** Bytes of an incomplete last line (a crash during an append), if any. */
  tornBytes: number;
  /** Those bytes, exactly as on disk. */
  tornFile: Buffer | null;
  /** The last record is whole but its newline is missing. */
  missingNewline: boolean;
  /** Bytes of the last snapshot line, and of the lines after it (all lines but the header if none). */
  snapshotBytes: number;
  bytesAfterSnapshot: number;
}

const MAX_KEPT_RESPONSES = 1000;
const NEWLINE = 0x0a;

function encodeLine(record: LogRecord): string {
  const json = JSON.stringify(record);
  return `${crc32(json).toString(16).padStart(8, "0")} ${json}\n`;
}

function decodeLine(line: string): LogRecord | string {
  const space = line.indexOf(" ");
  if (space !== 8) return "malformed line";
  const json = line.slice(9);
  if (parseInt(line.slice(0, 8), 16) !== crc32(json)) return "checksum mismatch";
  try {
    const record = JSON.parse(json) as unknown;
    if (typeof record !== "object" || record === null || !("t" in record)) return "not a record";
    return record as LogRecord;
  } catch {
    return "invalid JSON";
  }
}

function emptySnapshot(): DatabaseSnapshot {
  return { documents: new Map(), nextDocId: 10000, lastCreationTime: 0, lastCommitTs: 0n };
}

/** A top-level `{"$integer": …}`: Convex field names never start with "$", so it is always an int64. */
function int64Of(json: { [key: string]: JSONValue }): bigint | null {
  const encoded = json.$integer;
  if (typeof encoded !== "string") return null;
  for (const key in json) if (key !== "$integer") return null;
  const bytes = Buffer.from(encoded, "base64");
  return bytes.length === 8 ? bytes.readBigInt64LE(0) : null;
}

/**
 * `jsonToConvex` of a stored document, with its usual fields taken as they
 * are: at 100,000 documents its generic walk, and decoding each view's
 * bigint through it, was a good part of a start's replay.
 */
function toDoc(json: JSONValue): GenericDocument {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return jsonToConvex(json) as GenericDocument;
  const doc: GenericDocument = {};
  for (const key in json) {
    const value = json[key]!;
    if (typeof value !== "object" || value === null) doc[key] = value;
    else doc[key] = (Array.isArray(value) ? null : int64Of(value)) ?? jsonToConvex(value);
  }
  return doc;
}

function fsyncDir(dir: string) {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function writeFileDurably(file: string, content: string | Buffer) {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

/** Removes the last `bytes` bytes of `file`, durably. */
function cutTail(file: string, bytes: number) {
  const fd = fs.openSync(file, "r+");
  try {
    fs.ftruncateSync(fd, fs.fstatSync(fd).size - bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function appendDurably(file: string, bytes: Buffer) {
  const fd = fs.openSync(file, "a");
  try {
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads and checks the whole log; throws StorageError on anything but a torn tail. */
export function replayLog(file: string): ReplayResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new StorageError(file, `it could not be read (${(error as Error).message})`, { cause: error });
  }
  // Split on the raw bytes: a torn tail may end inside a multi-byte character,
  // and its decoded length (with U+FFFD) is not its length on disk.
  const end = bytes.lastIndexOf(NEWLINE) + 1;
  let body = bytes.subarray(0, end);
  let tail: Buffer | null = bytes.subarray(end);
  let missingNewline = false;
  if (tail.length === 0) {
    tail = null;
  } else if (typeof decodeLine(tail.toString("utf8")) !== "string") {
    // The record is whole; only its newline is missing.
    body = bytes;
    tail = null;
    missingNewline = true;
  }
  const lines = body.toString("utf8").split("\n");
  // The element after the last "\n" is "" (or the whole record missing its newline).
  if (!missingNewline) lines.pop();
  if (lines.length === 0) throw new StorageError(file, "it is empty (no header line)");

  const snapshot = emptySnapshot();
  const responses: StoredResponse[] = [];
  let snapshotBytes = 0;
  let bytesAfterSnapshot = 0;
  lines.forEach((line, index) => {
    const record = decodeLine(line);
    const where = `line ${index + 1}`;
    if (typeof record === "string") throw new StorageError(file, `${where}: ${record}`);
    // Lines are ASCII but for document text; a close estimate is enough here.
    if (record.t === "snapshot") {
      snapshotBytes = line.length + 1;
      bytesAfterSnapshot = 0;
    } else if (index > 0) {
      bytesAfterSnapshot += line.length + 1;
    }
    if (index === 0) {
      if (record.t !== "header" || record.format !== FORMAT) throw new StorageError(file, "it is not a local backend log (bad header)");
      if (record.version !== FORMAT_VERSION) throw new StorageError(file, `unsupported format version ${record.version}`);
      return;
    }
    try {
      applyRecord(snapshot, responses, record);
    } catch (error) {
      throw new StorageError(file, `${where}: ${(error as Error).message}`, { cause: error });
    }
  });
  return {
    snapshot,
    responses: responses.slice(-MAX_KEPT_RESPONSES),
    records: lines.length - 1,
    tornBytes: tail?.length ?? 0,
    tornFile: tail,
    missingNewline,
    snapshotBytes,
    bytesAfterSnapshot,
  };
}

/**
 * A snapshot's index orders as its loaded documents; none if it saved none or
 * a position is out of range (the indexes are then sorted at start).
 */
function savedOrdersOf(record: SnapshotRecord, docs: GenericDocument[]): SavedOrders | undefined {
  if (record.orders === undefined) return undefined;
  const orders = [];
  for (const [table, index, fields, places] of record.orders) {
    const ordered: GenericDocument[] = new Array(places.length);
    for (let i = 0; i < places.length; i++) {
      const doc = docs[places[i]!];
      if (doc === undefined) return undefined;
      ordered[i] = doc;
    }
    orders.push({ table, index, fields, docs: ordered });
  }
  return { orders, changed: new Map() };
}

function applyRecord(snapshot: DatabaseSnapshot, responses: StoredResponse[], record: LogRecord) {
  switch (record.t) {
    case "commit":
      for (const [id, doc] of record.writes) {
        if (doc === null) snapshot.documents.delete(id);
        else snapshot.documents.set(id, toDoc(doc));
        const changed = snapshot.savedOrders?.changed;
        const table = tableOfId(id);
        if (changed !== undefined && table !== null) {
          if (!changed.has(table)) changed.set(table, new Set());
          changed.get(table)!.add(id);
        }
      }
      snapshot.nextDocId = record.nextId;
      snapshot.lastCreationTime = record.lastCreationTime;
      snapshot.lastCommitTs = BigInt(record.ts);
      return;
    case "snapshot": {
      const docs = record.docs.map(([, doc]) => toDoc(doc));
      snapshot.documents = new Map(record.docs.map(([id], i) => [id, docs[i]!]));
      snapshot.nextDocId = record.nextId;
      snapshot.lastCreationTime = record.lastCreationTime;
      snapshot.lastCommitTs = BigInt(record.ts);
      snapshot.savedOrders = savedOrdersOf(record, docs);
      responses.splice(0, responses.length, ...record.responses);
      return;
    }
    case "response":
      responses.push({ session: record.session, requestId: record.requestId, message: record.message });
      return;
    default:
      throw new Error(`unexpected record type ${JSON.stringify((record as { t: unknown }).t)}`);
  }
}

export interface OpenLog {
  file: string;
  replay: ReplayResult;
  appendCommit(event: CommitEvent): void;
  appendResponse(response: StoredResponse): void;
  /**
   * Where the state for a snapshot comes from (the executor). Without one
   * the log is only compacted at start, by replaying it.
   */
  setStateSource(source: () => LogState): void;
  /** The snapshot being written in the background, if any (tests and tools). */
  compacting(): Promise<void> | null;
  /** Stops a background snapshot, writes one now if the log grew enough since the last, and closes the file. */
  close(): void;
}

export interface OpenLogOptions {
  /** Rewrite the log as one snapshot when it holds this many more records than documents. */
  compactAfterExtraRecords?: number;
  /** While running, snapshot in the background once this many bytes follow the last snapshot (and at least its own size). */
  compactAfterBytes?: number;
  /** On close, snapshot when at least this many bytes follow the last snapshot. */
  compactOnCloseAfterBytes?: number;
  log?: (message: string) => void;
}

/** See OpenLogOptions. */
export const COMPACT_AFTER_BYTES = 32 * 1024 * 1024;
export const COMPACT_ON_CLOSE_AFTER_BYTES = 1024 * 1024;
/** How long a background snapshot writes before it hands the event loop a turn. */
const SNAPSHOT_SLICE_MS = 5;

/** Opens (or creates) the log in `dataDir`, replays it, and compacts it if it grew large. */
export function openLog(dataDir: string, options: OpenLogOptions = {}): OpenLog {
  const file = path.join(dataDir, LOG_FILE);
  const log = options.log ?? (() => undefined);
  // The background snapshot's file, apart from the one written at start or close.
  const tmp = `${file}.next`;
  for (const unfinished of [tmp, `${file}.tmp`]) {
    if (!fs.existsSync(unfinished)) continue;
    // Renamed over the log only once whole and synced: a file left here was
    // cut short by a crash, and the log it would have replaced is intact.
    fs.rmSync(unfinished);
    log(`Ignored an unfinished snapshot (${unfinished}, left by a crash while it was written); the log is complete without it.`);
  }
  if (!fs.existsSync(file)) {
    writeFileDurably(file, encodeLine({ t: "header", format: FORMAT, version: FORMAT_VERSION }));
  }
  const replay = replayLog(file);
  if (replay.tornFile !== null) {
    const aside = `${file}.torn-${Date.now()}`;
    writeFileDurably(aside, replay.tornFile);
    cutTail(file, replay.tornBytes);
    // Only the bytes are known: a crash during an append leaves such a tail,
    // but so can damage to a file whose last record had been acknowledged.
    log(
      `Data file ended with an incomplete record (${replay.tornBytes} bytes after its last newline), which was not replayed; ` +
        `moved it to ${aside}. A crash during a write leaves such a tail; if the backend did not crash, the file may be damaged.`,
    );
  } else if (replay.missingNewline) {
    // Otherwise the next record would be appended to the same line.
    appendDurably(file, Buffer.from("\n"));
  }
  const extra = options.compactAfterExtraRecords ?? 1000;
  if (replay.records > replay.snapshot.documents.size + extra) {
    replay.snapshotBytes = compact(file, replay);
    log(`Compacted the data file: ${replay.records} records into one snapshot of ${replay.snapshot.documents.size} documents.`);
    replay.records = 1;
    replay.bytesAfterSnapshot = 0;
  }

  let fd = fs.openSync(file, "a", 0o600);
  let closed = false;
  let source: (() => LogState) | null = null;
  const kept = [...replay.responses];
  let snapshotBytes = replay.snapshotBytes;
  let bytesAfter = replay.bytesAfterSnapshot;
  // While a background snapshot is written: the lines committed after its state was taken.
  let pending: string[] | null = null;
  let running: Promise<void> | null = null;
  let abort = false;
  const header = encodeLine({ t: "header", format: FORMAT, version: FORMAT_VERSION });

  const append = (record: LogRecord) => {
    if (closed) throw new Error("the data file is closed");
    const line = encodeLine(record);
    const bytes = Buffer.from(line);
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset);
    fs.fdatasyncSync(fd);
    bytesAfter += bytes.length;
    pending?.push(line);
  };

  const inBackground = async (state: LogState, responses: StoredResponse[]) => {
    let slice = performance.now();
    const pause = async () => {
      if (abort) throw new Error("closed");
      if (performance.now() - slice < SNAPSHOT_SLICE_MS) return;
      await new Promise((resolve) => setImmediate(resolve));
      if (abort) throw new Error("closed");
      slice = performance.now();
    };
    try {
      const written = await writeSnapshotFile(tmp, header, snapshotPieces(state, responses), () => pending!.join(""), pause);
      // Nothing has been committed since the tail was written: swap files now, synchronously.
      fs.renameSync(tmp, file);
      fsyncDir(path.dirname(file));
      fs.closeSync(fd);
      fd = fs.openSync(file, "a", 0o600);
      snapshotBytes = written;
      bytesAfter = Buffer.byteLength(pending!.join(""));
    } catch (error) {
      fs.rmSync(tmp, { force: true });
      if (!abort) log(`Could not write a snapshot of the data file (${(error as Error).message}); the log is intact and keeps growing.`);
    } finally {
      pending = null;
      running = null;
    }
  };

  const maybeCompact = () => {
    const threshold = Math.max(options.compactAfterBytes ?? COMPACT_AFTER_BYTES, snapshotBytes);
    if (source === null || running !== null || closed || bytesAfter < threshold) return;
    // Taken between two commits: every later line goes to `pending` as well.
    const state = source();
    pending = [];
    running = inBackground(state, kept.slice(-MAX_KEPT_RESPONSES));
  };

  return {
    file,
    replay,
    setStateSource(next) {
      source = next;
    },
    compacting: () => running,
    appendCommit(event) {
      append({
        t: "commit",
        ts: event.ts.toString(),
        nextId: event.nextDocId,
        lastCreationTime: event.lastCreationTime,
        writes: event.writes.map(([id, doc]) => [id, doc === null ? null : convexToJson(doc)]),
      });
      maybeCompact();
    },
    appendResponse(response) {
      append({ t: "response", ...response });
      kept.push(response);
      if (kept.length > 2 * MAX_KEPT_RESPONSES) kept.splice(0, kept.length - MAX_KEPT_RESPONSES);
    },
    close() {
      if (closed) return;
      closed = true;
      // A background snapshot stops at its next pause and removes its file.
      abort = true;
      if (source !== null && bytesAfter >= (options.compactOnCloseAfterBytes ?? COMPACT_ON_CLOSE_AFTER_BYTES)) {
        try {
          compactNow(file, header, source(), kept.slice(-MAX_KEPT_RESPONSES));
        } catch (error) {
          fs.rmSync(`${file}.tmp`, { force: true });
          log(`Could not write a snapshot of the data file on close (${(error as Error).message}); the log is intact.`);
        }
      }
      fs.closeSync(fd);
    },
  };
}

/** Writes the snapshot with no pause (the backend is stopping) and renames it over the log. */
function compactNow(file: string, header: string, state: LogState, responses: StoredResponse[]) {
  const tmp = `${file}.tmp`;
  writeSnapshotFileNow(tmp, header, snapshotPieces(state, responses));
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

function compact(file: string, replay: ReplayResult): number {
  const { snapshot } = replay;
  const record: SnapshotRecord = {
    t: "snapshot",
    ts: snapshot.lastCommitTs.toString(),
    nextId: snapshot.nextDocId,
    lastCreationTime: snapshot.lastCreationTime,
    docs: [...snapshot.documents].map(([id, doc]) => [id, convexToJson(doc)]),
    responses: replay.responses,
  };
  const line = encodeLine(record);
  writeFileDurably(file, encodeLine({ t: "header", format: FORMAT, version: FORMAT_VERSION }) + line);
  return line.length;
}
