// Query results shared by every subscriber of the same query and arguments.
// There is no read-set tracking: after a commit every subscribed query runs
// again, once, whatever the number of clients watching it.
import type { JSONValue } from "convex/values";
import type { Executor } from "./executor.ts";
import type { Outcome } from "./outcome.ts";

export interface QueryResult {
  outcome: Outcome;
  /** JSON of the outcome: equal strings mean nothing changed for the client. */
  fingerprint: string;
}

interface Entry {
  /** Results reflect at least every commit up to this timestamp. */
  ts: bigint;
  generation: number;
  result: Promise<QueryResult>;
}

export const queryKey = (udfPath: string, args: JSONValue, admin: boolean) =>
  `${admin ? "admin" : "public"}|${udfPath}|${JSON.stringify(args)}`;

export class QueryCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(private readonly executor: Executor) {}

  /** A result that reflects every commit up to `minTs`, reused when one is. */
  evaluate(udfPath: string, args: JSONValue, admin: boolean, minTs: bigint): Promise<QueryResult> {
    const key = queryKey(udfPath, args, admin);
    const cached = this.entries.get(key);
    if (cached && cached.generation === this.generation && cached.ts >= minTs) return cached.result;
    // Read before running: the query sees this commit or a later one.
    const ts = this.executor.currentTs();
    const result = this.executor.call("query", udfPath, args, { admin }).then((outcome) => ({
      outcome,
      fingerprint: JSON.stringify(outcome),
    }));
    this.entries.set(key, { ts, generation: this.generation, result });
    return result;
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
