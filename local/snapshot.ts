// The log's snapshot record, written piece by piece: at 100,000 documents it
// is tens of megabytes of JSON, which must not hold the event loop while the
// backend is serving (see `writeSnapshotFile`'s `pause`).
import fs from "node:fs";
import { crc32 } from "node:zlib";
import { convexToJson } from "convex/values";
import type { LogState } from "./convexTestInternals.ts";
import type { StoredResponse } from "./storage.ts";

/** Documents serialized between two pauses. */
const DOCS_PER_PIECE = 500;
/** Index positions serialized between two pauses. */
const PLACES_PER_PIECE = 20_000;

/**
 * The JSON of a snapshot record in pieces: counters, kept responses, every
 * document, then each index's order as positions in the document list (so a
 * start restores the indexes without sorting them).
 */
export function* snapshotPieces(state: LogState, responses: readonly StoredResponse[]): Generator<string> {
  yield `{"t":"snapshot","ts":${JSON.stringify(state.lastCommitTs.toString())},"nextId":${state.nextDocId},` +
    `"lastCreationTime":${JSON.stringify(state.lastCreationTime)},"responses":${JSON.stringify(responses)},"docs":[`;
  const position = new Map<unknown, number>();
  let batch: string[] = [];
  for (const doc of state.documents) {
    position.set(doc._id, position.size);
    batch.push(JSON.stringify([doc._id, convexToJson(doc)]));
    if (batch.length === DOCS_PER_PIECE) {
      yield (position.size > DOCS_PER_PIECE ? "," : "") + batch.join(",");
      batch = [];
    }
  }
  if (batch.length > 0) yield (position.size > batch.length ? "," : "") + batch.join(",");
  yield `],"orders":[`;
  let first = true;
  for (const order of state.orders) {
    // An order naming a document the snapshot lacks would restore wrongly: leave it out, it is sorted at start.
    if (order.docs.some((doc) => !position.has(doc._id))) continue;
    yield `${first ? "" : ","}${JSON.stringify([order.table, order.index, order.fields]).slice(0, -1)},[`;
    first = false;
    for (let i = 0; i < order.docs.length; i += PLACES_PER_PIECE) {
      const places = order.docs.slice(i, i + PLACES_PER_PIECE).map((doc) => position.get(doc._id));
      yield (i === 0 ? "" : ",") + places.join(",");
    }
    yield "]]";
  }
  yield "]}";
}

/**
 * Writes `header` and then the snapshot record as one checksummed line to an
 * open, empty file, yielding after each piece (where a background writer
 * pauses). Returns the snapshot line's length in bytes.
 */
function* snapshotSteps(fd: number, header: string, pieces: Iterable<string>): Generator<void, number> {
  writeAll(fd, Buffer.from(header));
  const crcAt = Buffer.byteLength(header);
  writeAll(fd, Buffer.from("00000000 "));
  let crc = 0;
  let bytes = 9;
  for (const piece of pieces) {
    const buffer = Buffer.from(piece);
    crc = crc32(buffer, crc);
    writeAll(fd, buffer);
    bytes += buffer.length;
    yield;
  }
  writeAll(fd, Buffer.from("\n"));
  fs.writeSync(fd, crc.toString(16).padStart(8, "0"), crcAt);
  return bytes + 1;
}

/** The same, at once, synced (the backend is stopping). Returns the snapshot line's length. */
export function writeSnapshotFileNow(file: string, header: string, pieces: Iterable<string>): number {
  const fd = fs.openSync(file, "w", 0o600);
  try {
    const steps = snapshotSteps(fd, header, pieces);
    let step = steps.next();
    while (step.done !== true) step = steps.next();
    fs.fsyncSync(fd);
    return step.value;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The same while the backend serves: `pause` is awaited after each piece,
 * the bulk fsync runs off the event loop, then `tail()`'s lines (records
 * committed meanwhile) are appended and synced. Nothing may be committed
 * between reading `tail` and the caller's rename, so the caller renames
 * without awaiting anything first.
 */
export async function writeSnapshotFile(
  file: string,
  header: string,
  pieces: Iterable<string>,
  tail: () => string,
  pause: () => Promise<void>,
): Promise<number> {
  const fd = fs.openSync(file, "w", 0o600);
  try {
    const steps = snapshotSteps(fd, header, pieces);
    let step = steps.next();
    while (step.done !== true) {
      await pause();
      step = steps.next();
    }
    await new Promise<void>((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));
    await pause();
    writeAll(fd, Buffer.from(tail()));
    fs.fsyncSync(fd);
    return step.value;
  } finally {
    fs.closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Buffer) {
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset);
}
