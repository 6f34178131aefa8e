// Query results shared by every subscriber of the same query and arguments.
// Each result keeps the read set of its run (index intervals, documents by
// id, whole tables) and the commit it saw. A commit marks stale, at once and
// before anyone can read its result, only the results whose read set holds a
// document it wrote (before or after the write), and tells their watchers; a
// stale result runs again the next time a watcher asks for it. A query that
// read nothing (one that refused its caller before touching the database,
// such as the private dashboard without a key) is never made stale by a write.
import { createHash } from "node:crypto";
import type { JSONValue } from "convex/values";
import { digestArgs } from "./argsMeasure.ts";
import { readsOverlap, recordReads, tablesOfReads, type DocumentChange, type ReadRecord } from "./convexTestInternals.ts";
import type { Executor } from "./executor.ts";
import type { Lane } from "./fairQueue.ts";
import type { Outcome } from "./outcome.ts";

export interface QueryResult {
  outcome: Outcome;
  /** JSON of the outcome: equal strings mean nothing changed for the client. */
  fingerprint: string;
}

/** Who is told when a watched result goes stale (a sync connection). */
export interface QueryWatcher {
  stale(key: string): void;
}

interface Entry {
  key: string;
  generation: number;
  /** The latest commit when the run was asked for. */
  requestedTs: bigint;
  /** Known once the run finished. */
  reads: ReadRecord | null;
  snapshotTs: bigint;
  stale: boolean;
  /** Commits made while it ran, tested against its read set once that is known. */
  pending: Array<{ ts: bigint; changes: DocumentChange[] }>;
  result: Promise<QueryResult>;
}

/**
 * The cache key of a query: a digest, so that a subscription with megabytes
 * of arguments does not also hold them again as a map key; taken from the
 * arguments as they are (argsMeasure.ts), not from a JSON copy of them.
 */
export function queryKey(udfPath: string, args: JSONValue, admin: boolean): string {
  const hash = createHash("sha256");
  digestArgs(hash, args);
  return `${admin ? "admin" : "public"}|${udfPath}|${hash.digest("base64")}`;
}

export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly watchers = new Map<string, Set<QueryWatcher>>();
  /** Finished, current entries by every table their read set touches. */
  private readonly byTable = new Map<string, Set<Entry>>();
  private readonly running = new Set<Entry>();
  private generation = 0;
  private readonly stopListening: () => void;
  /** Query runs started since the backend started (what benchmarks count per write). */
  runs = 0;

  constructor(private readonly executor: Executor) {
    this.stopListening = executor.onChanges((ts, changes) => this.applyChanges(ts, changes));
  }

  watch(key: string, watcher: QueryWatcher) {
    let set = this.watchers.get(key);
    if (set === undefined) this.watchers.set(key, (set = new Set()));
    set.add(watcher);
  }

  /** The last watcher gone, the result is dropped with everything it held. */
  unwatch(key: string, watcher: QueryWatcher) {
    const set = this.watchers.get(key);
    if (set === undefined) return;
    set.delete(watcher);
    if (set.size > 0) return;
    this.watchers.delete(key);
    const entry = this.entries.get(key);
    if (entry !== undefined) this.forget(entry);
  }

  /** A result that reflects every commit so far, reused when none since wrote what it read. */
  evaluate(key: string, udfPath: string, args: JSONValue, admin: boolean, lane: Lane): Promise<QueryResult> {
    const cached = this.entries.get(key);
    if (cached !== undefined && this.isCurrent(cached)) return cached.result;
    if (cached !== undefined) this.forget(cached);
    const entry: Entry = {
      key,
      generation: this.generation,
      requestedTs: this.executor.currentTs(),
      reads: null,
      snapshotTs: 0n,
      stale: false,
      pending: [],
      result: null!,
    };
    this.runs += 1;
    entry.result = recordReads(() => this.executor.call("query", udfPath, args, { admin, lane })).then(({ value, reads }) => {
      this.finished(entry, reads);
      return { outcome: value, fingerprint: JSON.stringify(value) };
    });
    // Only watched results are kept: nobody else would ask again.
    if (this.watchers.has(key)) {
      this.entries.set(key, entry);
      this.running.add(entry);
    }
    return entry.result;
  }

  private isCurrent(entry: Entry): boolean {
    if (entry.generation !== this.generation || entry.stale) return false;
    // Still running: it sees at least the state when it was asked for.
    if (entry.reads === null) return this.executor.currentTs() === entry.requestedTs;
    return true;
  }

  private finished(entry: Entry, reads: ReadRecord) {
    entry.reads = reads;
    entry.snapshotTs = reads.snapshotTs ?? entry.requestedTs;
    const pending = entry.pending;
    entry.pending = [];
    if (!this.running.delete(entry)) return;
    if (pending.some(({ ts, changes }) => ts > entry.snapshotTs && changes.some((c) => readsOverlap(reads, c)))) {
      this.markStale(entry);
      return;
    }
    for (const table of tablesOfReads(reads)) {
      let set = this.byTable.get(table);
      if (set === undefined) this.byTable.set(table, (set = new Set()));
      set.add(entry);
    }
  }

  private applyChanges(ts: bigint, changes: DocumentChange[]) {
    for (const entry of this.running) entry.pending.push({ ts, changes });
    const byTable = new Map<string, DocumentChange[]>();
    for (const change of changes) {
      const list = byTable.get(change.table);
      if (list === undefined) byTable.set(change.table, [change]);
      else list.push(change);
    }
    for (const [table, tableChanges] of byTable) {
      const entries = this.byTable.get(table);
      if (entries === undefined) continue;
      for (const entry of [...entries]) {
        if (ts <= entry.snapshotTs || entry.reads === null) continue;
        const reads = entry.reads;
        if (tableChanges.some((change) => readsOverlap(reads, change))) this.markStale(entry);
      }
    }
  }

  private markStale(entry: Entry) {
    entry.stale = true;
    this.unindex(entry);
    for (const watcher of this.watchers.get(entry.key) ?? []) watcher.stale(entry.key);
  }

  private unindex(entry: Entry) {
    this.running.delete(entry);
    if (entry.reads === null) return;
    for (const table of tablesOfReads(entry.reads)) {
      const set = this.byTable.get(table);
      set?.delete(entry);
      if (set?.size === 0) this.byTable.delete(table);
    }
  }

  private forget(entry: Entry) {
    this.unindex(entry);
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
  }

  /** New function code: every result must be computed again. */
  invalidate() {
    this.generation += 1;
    this.entries.clear();
    this.byTable.clear();
    this.running.clear();
  }

  close() {
    this.stopListening();
    this.invalidate();
  }

  /** Results kept, and keys watched: both drop to zero when every subscriber has gone. */
  get size() {
    return { entries: this.entries.size, watched: this.watchers.size, running: this.running.size };
  }
}
