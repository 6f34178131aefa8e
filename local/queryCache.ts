// Query results shared by every subscriber of the same query and arguments.
// Each result remembers the tables its query read and the commit it saw; it
// is reused until a later commit writes one of those tables, so a commit runs
// again only the queries that read what it wrote.
import type { JSONValue } from "convex/values";
import { recordReads } from "./convexTestInternals.ts";
import type { Executor } from "./executor.ts";
import type { Lane } from "./fairQueue.ts";
import type { Outcome } from "./outcome.ts";

export interface QueryResult {
  outcome: Outcome;
  /** JSON of the outcome: equal strings mean nothing changed for the client. */
  fingerprint: string;
}

interface Entry {
  generation: number;
  /** The latest commit when the run was asked for. */
  requestedTs: bigint;
  /** Known once the run finished. */
  reads: { tables: ReadonlySet<string>; snapshotTs: bigint } | null;
  result: Promise<QueryResult>;
}

export const queryKey = (udfPath: string, args: JSONValue, admin: boolean) =>
  `${admin ? "admin" : "public"}|${udfPath}|${JSON.stringify(args)}`;

export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(private readonly executor: Executor) {}

  /** A result that reflects every commit so far, reused when none since touched what it read. */
  evaluate(udfPath: string, args: JSONValue, admin: boolean, lane: Lane): Promise<QueryResult> {
    const key = queryKey(udfPath, args, admin);
    const cached = this.entries.get(key);
    if (cached && this.isCurrent(cached)) return cached.result;
    const entry: Entry = { generation: this.generation, requestedTs: this.executor.currentTs(), reads: null, result: null! };
    entry.result = recordReads(() => this.executor.call("query", udfPath, args, { admin, lane })).then(({ value, reads }) => {
      entry.reads = { tables: reads.tables, snapshotTs: reads.snapshotTs ?? entry.requestedTs };
      return { outcome: value, fingerprint: JSON.stringify(value) };
    });
    this.entries.set(key, entry);
    return entry.result;
  }

  private isCurrent(entry: Entry): boolean {
    if (entry.generation !== this.generation) return false;
    // Still running: it sees at least the state when it was asked for.
    if (entry.reads === null) return this.executor.currentTs() === entry.requestedTs;
    for (const table of entry.reads.tables) {
      if (this.executor.lastWriteTs(table) > entry.reads.snapshotTs) return false;
    }
    return true;
  }

  /** New function code: every result must be computed again. */
  invalidate() {
    this.generation += 1;
    this.entries.clear();
  }

  /** Drops results no subscriber needs any more. */
  retainOnly(keys: Set<string>) {
    for (const key of this.entries.keys()) if (!keys.has(key)) this.entries.delete(key);
  }

  get size() {
    return this.entries.size;
  }
}
