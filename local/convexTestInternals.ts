// The ONLY file that touches convex-test's private state.
//
// convex-test has no public way to export or import documents with their
// `_id` and `_creationTime`, to observe commits made by scheduled functions,
// to learn which tables a query read, or to read one table without listing
// the ids of every table. The local backend needs all of these, so it reaches
// into the instance's private fields here. This is safe only because package.json pins
// convex-test to exactly PINNED_CONVEX_TEST_VERSION; `convexTestInternals.test.ts`
// fails loudly when the shape changes.
import { AsyncLocalStorage } from "node:async_hooks";
import { readFileSync } from "node:fs";
import { setImmediate } from "node:timers/promises";
import { createRequire } from "node:module";
import type { GenericDocument } from "convex/server";
import { IndexRanges, type IndexInterval, type IndexOrder, type IndexQuery, type SavedOrders, type SortedIndexes } from "./indexRanges.ts";

export const PINNED_CONVEX_TEST_VERSION = "0.0.60";

/** A committed document, or null for a deletion. */
export type CommittedWrite = [id: string, doc: GenericDocument | null];

export interface CommitEvent {
  /** Commit timestamp, Unix nanoseconds. */
  ts: bigint;
  writes: CommittedWrite[];
  nextDocId: number;
  lastCreationTime: number;
}

/** Everything needed to rebuild a database with the same ids and times. */
export interface DatabaseSnapshot {
  documents: Map<string, GenericDocument>;
  nextDocId: number;
  lastCreationTime: number;
  lastCommitTs: bigint;
  /** Sorted copies of the indexes over `documents`, if the exporter had them. */
  indexes?: SortedIndexes;
  /** Index orders saved in the log's last snapshot, to restore instead of sorting. */
  savedOrders?: SavedOrders;
}

/**
 * The committed state as the log's snapshot saves it, taken between two
 * commits: arrays of shared documents (convex-test replaces a document on
 * each write, never changes one), copied by reference only, so taking it
 * holds the event loop for milliseconds at 100,000 documents.
 */
export interface LogState {
  documents: GenericDocument[];
  nextDocId: number;
  lastCreationTime: number;
  lastCommitTs: bigint;
  /** Each index's documents in index order. */
  orders: IndexOrder[];
}

export interface CommitHooks {
  /**
   * Awaited before each top-level transaction asks for convex-test's own
   * lock; `releaseTransaction` is called once when it ends (commit or
   * rollback). Lets the caller decide whose transaction runs next.
   */
  acquireTransaction?(): Promise<void>;
  releaseTransaction?(): void;
  /**
   * Runs before a top-level transaction (query, mutation, or a scheduler
   * step) starts, and again once it holds convex-test's transaction lock.
   * Throwing refuses it: nothing runs, and the error reaches the caller.
   */
  admitTransaction?(): void;
  /**
   * Runs before a top-level commit is applied. Throwing refuses it: the
   * transaction is rolled back and the error reaches the mutation's caller.
   */
  admitCommit?(writeCount: number): void;
  /** Runs synchronously after each top-level commit; throwing undoes it. */
  persist(event: CommitEvent, changes: DocumentChange[]): void;
  /** Called when `persist` threw and the in-memory commit was undone. */
  onPersistFailure(error: unknown, event: CommitEvent): void;
}

export interface ConvexTestInternals {
  exportState(): DatabaseSnapshot;
  logState(): LogState;
  importState(snapshot: DatabaseSnapshot): void;
  lastCommitTs(): bigint;
  /** Committed documents, without copying them. */
  documentCount(): number;
  /** The indexes sorted so far ("table.index"), how many of them a read had to sort, and how many the last import restored from saved orders. */
  sortedIndexes(): { sorted: string[]; sortedOnRead: number; restored: number };
  hookCommits(hooks: CommitHooks): void;
}

/**
 * The table of a document id, in convex-test's id format (a decimal counter
 * followed by the table name). No regular expression: this runs per id read.
 */
export function tableOfId(id: string): string | null {
  let i = 0;
  while (i < id.length && id.charCodeAt(i) >= 48 && id.charCodeAt(i) <= 57) i++;
  return i === 0 || i === id.length ? null : id.slice(i);
}

/** The tables of a commit's writes. */
export function tablesWritten(writes: CommittedWrite[]): Set<string> {
  const tables = new Set<string>();
  for (const [id] of writes) {
    const table = tableOfId(id);
    if (table !== null) tables.add(table);
  }
  return tables;
}

/**
 * What a function read, as Convex's read sets record it: whole tables (scans
 * and searches), index intervals, and single documents by id. A write outside
 * all of them cannot change what the function returned.
 */
export interface ReadRecord {
  /** Tables read whole: table scans, searches, reads of an unknown index. */
  tables: Set<string>;
  /** Index ranges read, cut where a limit stopped the read. */
  ranges: IndexInterval[];
  /** Documents read by id (whether or not they existed). */
  ids: Set<string>;
  /** The last commit the latest transaction saw; null if none ran. */
  snapshotTs: bigint | null;
}

/** A committed write as a read set is tested against it: the document before and after. */
export interface DocumentChange {
  id: string;
  table: string;
  before: GenericDocument | null;
  after: GenericDocument | null;
}

/** Whether a write could change what a function with this read set returned. */
export function readsOverlap(reads: ReadRecord, change: DocumentChange): boolean {
  if (reads.tables.has(change.table) || reads.ids.has(change.id)) return true;
  for (const range of reads.ranges) {
    if (range.table !== change.table) continue;
    if ((change.before !== null && range.contains(change.before)) || (change.after !== null && range.contains(change.after))) return true;
  }
  return false;
}

/** The tables a read set depends on in any way. */
export function tablesOfReads(reads: ReadRecord): Set<string> {
  const tables = new Set(reads.tables);
  for (const range of reads.ranges) tables.add(range.table);
  for (const id of reads.ids) {
    const table = tableOfId(id);
    if (table !== null) tables.add(table);
  }
  return tables;
}

const readRecorder = new AsyncLocalStorage<ReadRecord>();

/** Runs `run`, recording what the queries and mutations it runs read. */
export async function recordReads<T>(run: () => Promise<T>): Promise<{ value: T; reads: ReadRecord }> {
  const reads: ReadRecord = { tables: new Set(), ranges: [], ids: new Set(), snapshotTs: null };
  const value = await readRecorder.run(reads, run);
  return { value, reads };
}

function noteTableRead(table: string | null | undefined) {
  if (table === null || table === undefined) return;
  readRecorder.getStore()?.tables.add(table);
}

// The private shapes, as of convex-test 0.0.60.
type QueryShape = IndexQuery;
interface SchemaShape {
  tables: Map<string, { indexes?: Array<{ indexDescriptor: string; fields: string[] }> }>;
}
interface DatabaseFakeShape {
  _documents: Record<string, GenericDocument>;
  _writes: Array<Record<string, GenericDocument | null>>;
  _nextDocId: number;
  _lastCreationTime: number;
  get(tableName: string | undefined, id: string): GenericDocument | null;
  _addWrite(id: string, value: GenericDocument | null): void;
  commit(commitTs: bigint | null): void;
  _iterateDocs(tableName: string, callback: (doc: GenericDocument) => void): void;
  _resolveQuerySource(query: QueryShape): unknown;
  paginate(options: unknown): unknown;
  _schema: SchemaShape | null;
}
interface TransactionManagerShape {
  _lastCommitTs: bigint;
  begin(isNested: boolean, transactionLimits: unknown): Promise<void>;
  commit(isNested: boolean): bigint | null;
  rollback(isNested: boolean): void;
}
interface ConvexGlobalShape {
  components: Record<string, { db: DatabaseFakeShape }>;
  transactionManager: TransactionManagerShape;
  /** What a function's `ctx.db` and `ctx.run*` calls go through (`Convex.asyncSyscall`). */
  asyncSyscall(op: string, jsonArgs: string): Promise<string>;
}

export function installedConvexTestVersion(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("convex-test/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}

export class ConvexTestInternalsError extends Error {
  constructor(detail: string) {
    super(
      `The local backend relies on private state of convex-test ${PINNED_CONVEX_TEST_VERSION}, ` +
        `but the installed convex-test ${installedConvexTestVersion()} differs: ${detail}. ` +
        `Pin convex-test to exactly ${PINNED_CONVEX_TEST_VERSION} in package.json, ` +
        `or update local/convexTestInternals.ts for the new version.`,
    );
    this.name = "ConvexTestInternalsError";
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null;

function checkShape(store: unknown): ConvexGlobalShape {
  if (!isRecord(store)) throw new ConvexTestInternalsError("no per-instance state found");
  const { components, transactionManager } = store;
  if (!isRecord(components)) throw new ConvexTestInternalsError("`components` is missing");
  const names = Object.keys(components);
  if (names.length !== 1 || names[0] !== "") {
    throw new ConvexTestInternalsError(`expected only the root component, found [${names.join(", ")}]`);
  }
  const root = components[""];
  const db = isRecord(root) ? root.db : undefined;
  if (
    !isRecord(db) ||
    !isRecord(db._documents) ||
    !Array.isArray(db._writes) ||
    typeof db._nextDocId !== "number" ||
    typeof db._lastCreationTime !== "number"
  ) {
    throw new ConvexTestInternalsError(
      "the root DatabaseFake no longer has _documents/_writes/_nextDocId/_lastCreationTime",
    );
  }
  for (const method of ["get", "_addWrite", "commit", "_iterateDocs", "_resolveQuerySource", "paginate"]) {
    if (typeof db[method] !== "function") throw new ConvexTestInternalsError(`the root DatabaseFake no longer has ${method}()`);
  }
  if (db._schema !== null && !(isRecord(db._schema) && db._schema.tables instanceof Map)) {
    throw new ConvexTestInternalsError("the root DatabaseFake's _schema no longer has a `tables` Map");
  }
  if (
    !isRecord(transactionManager) ||
    typeof transactionManager._lastCommitTs !== "bigint" ||
    typeof transactionManager.begin !== "function" ||
    typeof transactionManager.commit !== "function" ||
    typeof transactionManager.rollback !== "function"
  ) {
    throw new ConvexTestInternalsError("the TransactionManager no longer has _lastCommitTs/begin()/commit()/rollback()");
  }
  if (typeof store.asyncSyscall !== "function") throw new ConvexTestInternalsError("the per-instance state no longer has asyncSyscall()");
  return store as unknown as ConvexGlobalShape;
}

function looksLikeConvexGlobal(store: unknown): boolean {
  return isRecord(store) && "components" in store && "transactionManager" in store;
}

type AlsRun = (this: AsyncLocalStorage<unknown>, store: unknown, cb: (...a: unknown[]) => unknown, ...args: unknown[]) => unknown;

// Every method of a convex-test instance enters the instance's state with
// `AsyncLocalStorage.run` synchronously, so watching `run` for the duration of
// one harmless call reveals that state object.
function captureConvexGlobal(enter: () => unknown): ConvexGlobalShape {
  const proto = AsyncLocalStorage.prototype as unknown as { run: AlsRun };
  const original = proto.run;
  let captured: unknown;
  proto.run = function (store, cb, ...args) {
    if (captured === undefined && looksLikeConvexGlobal(store)) captured = store;
    return original.call(this, store, cb, ...args);
  };
  try {
    const result = enter();
    if (result instanceof Promise) result.catch(() => undefined);
  } finally {
    proto.run = original;
  }
  return checkShape(captured);
}

/** Minimal structural view of a convex-test instance used here. */
export interface ConvexTestLike {
  finishInProgressScheduledFunctions(): Promise<void>;
}

/**
 * Ids of committed documents per table, kept in step with the private
 * document map, so that reading a table visits only that table's documents
 * (convex-test lists the ids of the whole database on every read).
 */
class TableIndex {
  private readonly byTable = new Map<string, Set<string>>();

  rebuild(documents: Record<string, GenericDocument>) {
    this.byTable.clear();
    for (const id of Object.keys(documents)) this.set(id, true);
  }

  tables(): Iterable<string> {
    return this.byTable.keys();
  }

  get count(): number {
    let count = 0;
    for (const ids of this.byTable.values()) count += ids.size;
    return count;
  }

  set(id: string, exists: boolean) {
    const table = tableOfId(id);
    if (table === null) return;
    let ids = this.byTable.get(table);
    if (exists) {
      if (ids === undefined) this.byTable.set(table, (ids = new Set()));
      ids.add(id);
    } else {
      ids?.delete(id);
    }
  }

  ids(table: string): ReadonlySet<string> {
    return this.byTable.get(table) ?? EMPTY_IDS;
  }
}
const EMPTY_IDS: ReadonlySet<string> = new Set();

/**
 * The same documents, in the same order, as convex-test 0.0.60's
 * `_iterateDocs`: committed ids first, then ids only in pending writes, each
 * at its latest pending version, deleted ones skipped.
 */
/**
 * The ids each level of a transaction's writes holds, by table, recorded as
 * convex-test adds them: a read asks for one table's pending writes, and
 * listing a whole level for each read made a mutation that writes and reads
 * a lot quadratic. A level only gains ids until it is committed or dropped.
 */
class PendingIds {
  private readonly byLevel = new WeakMap<object, Map<string, Set<string>>>();

  add(level: object, id: string) {
    const table = tableOfId(id);
    if (table === null) return;
    let tables = this.byLevel.get(level);
    if (tables === undefined) this.byLevel.set(level, (tables = new Map()));
    let ids = tables.get(table);
    if (ids === undefined) tables.set(table, (ids = new Set()));
    ids.add(id);
  }

  of(level: object, table: string): Iterable<string> {
    return this.byLevel.get(level)?.get(table) ?? [];
  }
}

function iterateTable(d: DatabaseFakeShape, index: TableIndex, pending: PendingIds, table: string, callback: (doc: GenericDocument) => void) {
  const committed = index.ids(table);
  const levels = d._writes;
  if (levels.length === 0) {
    for (const id of committed) callback(d._documents[id]!);
    return;
  }
  const latest = (id: string): GenericDocument | null => {
    for (let i = levels.length - 1; i >= 0; i--) {
      const write = levels[i]![id];
      if (write !== undefined) return write;
    }
    return d._documents[id] ?? null;
  };
  const pendingOnly = new Set<string>();
  for (const level of levels) {
    for (const id of pending.of(level, table)) if (!committed.has(id)) pendingOnly.add(id);
  }
  for (const ids of [committed, pendingOnly]) {
    for (const id of ids) {
      const doc = latest(id);
      if (doc !== null) callback(doc);
    }
  }
}

function querySourceTable(query: QueryShape): string | undefined {
  const { source } = query;
  return source.tableName ?? source.indexName?.split(".")[0];
}

export interface AttachOptions {
  /**
   * Inside one function call, hand the event loop a turn after this many
   * milliseconds. convex-test's database calls resolve at once, so a long
   * transaction would otherwise run to its end in one go, and the process would
   * read no socket meanwhile (no status answer, no ping, no new frame). Other
   * transactions still wait for their own turn (fairQueue.ts).
   */
  yieldAfterMs?: number;
}

/** Wraps the database calls of every function so a long one yields to I/O now and then. */
function yieldDuringCalls(global: ConvexGlobalShape, afterMs: number) {
  const original = global.asyncSyscall.bind(global);
  let since = performance.now();
  global.asyncSyscall = async (op, jsonArgs) => {
    if (performance.now() - since >= afterMs) {
      await setImmediate();
      since = performance.now();
    }
    return original(op, jsonArgs);
  };
}

export function attachInternals(t: ConvexTestLike, options: AttachOptions = {}): ConvexTestInternals {
  const global = captureConvexGlobal(() => t.finishInProgressScheduledFunctions());
  if (options.yieldAfterMs !== undefined) yieldDuringCalls(global, options.yieldAfterMs);
  const d = global.components[""]!.db;
  const tm = global.transactionManager;
  const index = new TableIndex();
  index.rebuild(d._documents);
  const pending = new PendingIds();
  // Every write of a transaction, at any level, goes through _addWrite (a nested commit adds its writes to the outer level).
  const originalAddWrite = d._addWrite.bind(d);
  d._addWrite = (id, value) => {
    originalAddWrite(id, value);
    pending.add(d._writes[d._writes.length - 1]!, id);
  };

  const ranges = new IndexRanges({
    // As convex-test 0.0.60 orders an index: its fields, then _creationTime and _id.
    fieldsOf(table, name) {
      if (name === "by_creation_time") return ["_creationTime", "_id"];
      if (name === "by_id") return ["_id"];
      const declared = d._schema?.tables.get(table)?.indexes?.find((i) => i.indexDescriptor === name);
      return declared === undefined ? null : [...declared.fields, "_creationTime", "_id"];
    },
    tables: () => new Set([...(d._schema?.tables.keys() ?? []), ...index.tables()]),
    indexesOf: (table) => [...(d._schema?.tables.get(table)?.indexes?.map((i) => i.indexDescriptor) ?? []), "by_creation_time"],
    pendingWrites(table) {
      const latest = new Map<string, GenericDocument | null>();
      // Inner levels come later and win.
      for (const level of d._writes) {
        for (const id of pending.of(level, table)) latest.set(id, level[id] ?? null);
      }
      return latest;
    },
    *committed(table) {
      for (const id of index.ids(table)) yield d._documents[id]!;
    },
    document: (id) => d._documents[id],
  });
  ranges.prepare();

  const originalGet = d.get.bind(d);
  const originalResolve = d._resolveQuerySource.bind(d);
  const originalPaginate = d.paginate.bind(d);
  const originalDbCommit = d.commit.bind(d);
  // While set, reading `table` yields only these documents: an index range's
  // candidates, which convex-test then tests, filters and orders itself.
  let restrictTo: { table: string; docs: GenericDocument[]; interval: IndexInterval } | null = null;
  let paginating = false;
  d.get = (tableName, id) => {
    readRecorder.getStore()?.ids.add(id);
    return originalGet(tableName, id);
  };
  d.paginate = (options) => {
    paginating = true;
    try {
      return originalPaginate(options);
    } finally {
      paginating = false;
    }
  };
  d._resolveQuerySource = (query) => {
    restrictTo = ranges.candidates(query, paginating);
    if (restrictTo === null) noteTableRead(querySourceTable(query));
    else readRecorder.getStore()?.ranges.push(restrictTo.interval);
    try {
      return originalResolve(query);
    } finally {
      restrictTo = null;
    }
  };
  d._iterateDocs = (table, callback) => {
    if (restrictTo !== null && restrictTo.table === table) {
      for (const doc of restrictTo.docs) callback(doc);
      return;
    }
    iterateTable(d, index, pending, table, callback);
  };
  const beginTransaction = tm.begin.bind(tm);
  tm.begin = async (isNested, transactionLimits) => {
    await beginTransaction(isNested, transactionLimits);
    // Transactions are serialized: this is the state it reads.
    const reads = readRecorder.getStore();
    if (!isNested && reads !== undefined) reads.snapshotTs = tm._lastCommitTs;
  };
  d.commit = (commitTs) => {
    const topLevel = d._writes.length === 1;
    const applied = d._writes[d._writes.length - 1];
    const ids = topLevel && applied !== undefined ? Object.keys(applied) : [];
    const before = ids.map((id) => d._documents[id]);
    originalDbCommit(commitTs);
    for (const id of ids) index.set(id, d._documents[id] !== undefined);
    ranges.applyCommit(ids.map((id, i) => ({ table: tableOfId(id) ?? "", before: before[i], after: d._documents[id] ?? null })));
  };

  return {
    exportState() {
      return {
        documents: new Map(Object.entries(d._documents)),
        nextDocId: d._nextDocId,
        lastCreationTime: d._lastCreationTime,
        lastCommitTs: tm._lastCommitTs,
        indexes: ranges.export(),
      };
    },
    logState() {
      const orders = ranges.orders();
      // Every table holding documents has its by_creation_time index sorted: together they are every document.
      let documents = orders.filter((order) => order.index === "by_creation_time").flatMap((order) => order.docs);
      if (documents.length !== index.count) documents = Object.values(d._documents);
      return {
        documents,
        nextDocId: d._nextDocId,
        lastCreationTime: d._lastCreationTime,
        lastCommitTs: tm._lastCommitTs,
        orders,
      };
    },
    importState(snapshot) {
      if (d._writes.length > 0) throw new Error("importState: a transaction is in progress");
      d._documents = Object.fromEntries(snapshot.documents);
      index.rebuild(d._documents);
      // Before anyone is served: a first read must not wait for a sort.
      ranges.prepare(snapshot.indexes, snapshot.savedOrders);
      d._nextDocId = snapshot.nextDocId;
      d._lastCreationTime = snapshot.lastCreationTime;
      tm._lastCommitTs = snapshot.lastCommitTs;
    },
    lastCommitTs: () => tm._lastCommitTs,
    documentCount: () => index.count,
    sortedIndexes: () => ({ sorted: ranges.sortedIndexes(), sortedOnRead: ranges.sortsOnRead, restored: ranges.restored }),
    hookCommits(hooks) {
      const originalBegin = tm.begin.bind(tm);
      const originalCommit = tm.commit.bind(tm);
      const originalRollback = tm.rollback.bind(tm);
      // Released exactly once per top-level transaction, whichever way it ends.
      let holding = false;
      const release = () => {
        if (!holding) return;
        holding = false;
        hooks.releaseTransaction?.();
      };
      // convex-test calls begin() before its try block, so a throw here
      // reaches the caller with nothing to undo; once the lock is held,
      // rollback() releases it again.
      tm.begin = async (isNested, transactionLimits) => {
        if (isNested) return await originalBegin(isNested, transactionLimits);
        hooks.admitTransaction?.();
        await hooks.acquireTransaction?.();
        holding = true;
        try {
          await originalBegin(isNested, transactionLimits);
        } catch (error) {
          release();
          throw error;
        }
        try {
          hooks.admitTransaction?.();
        } catch (error) {
          originalRollback(false);
          release();
          throw error;
        }
      };
      tm.rollback = (isNested: boolean) => {
        originalRollback(isNested);
        if (!isNested) release();
      };
      tm.commit = (isNested: boolean) => {
        if (isNested) return originalCommit(isNested);
        const pending = d._writes[d._writes.length - 1] ?? {};
        const ids = Object.keys(pending);
        // Thrown before anything is applied: convex-test's catch rolls the
        // transaction back (releasing its lock) and rethrows to the caller.
        hooks.admitCommit?.(ids.length);
        const before = ids.map((id) => d._documents[id]);
        const tsBefore = tm._lastCommitTs;
        const ts = originalCommit(isNested);
        release();
        if (ts === null) return ts;
        const event: CommitEvent = {
          ts,
          writes: ids.map((id): CommittedWrite => [id, d._documents[id] ?? null]),
          nextDocId: d._nextDocId,
          lastCreationTime: d._lastCreationTime,
        };
        const changes = ids.map((id, i): DocumentChange => ({ id, table: tableOfId(id) ?? "", before: before[i] ?? null, after: d._documents[id] ?? null }));
        try {
          hooks.persist(event, changes);
        } catch (error) {
          // Throwing here would leave convex-test's transaction lock held, so
          // undo the in-memory commit instead and report it.
          const undo = ids.map((id, i) => ({ table: tableOfId(id) ?? "", before: d._documents[id], after: before[i] ?? null }));
          ids.forEach((id, i) => {
            const doc = before[i];
            if (doc === undefined) delete d._documents[id];
            else d._documents[id] = doc;
            index.set(id, doc !== undefined);
          });
          ranges.applyCommit(undo);
          tm._lastCommitTs = tsBefore;
          hooks.onPersistFailure(error, event);
        }
        return ts;
      };
    },
  };
}
