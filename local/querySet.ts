// The queries one sync connection subscribes to: their cache keys under the
// connection's identity, which of them may have a new result, and what they
// hold against the connection's budgets (count and argument bytes).
import type { JSONValue } from "convex/values";
import { argsBytes } from "./argsMeasure.ts";
import { argsSizeProblem, MAX_ARGS_BYTES, MAX_SUBSCRIPTION_ARGS_BYTES, MAX_SUBSCRIPTIONS, MAX_UDF_PATH_LENGTH } from "./limits.ts";
import { canonicalUdfPath } from "./modules.ts";
import { queryKey, type QueryCache, type QueryWatcher } from "./queryCache.ts";

export interface Subscription {
  udfPath: string;
  args: JSONValue;
  /** Its cache key under the socket's current identity ("" when refused). */
  key: string;
  /** Bytes of its arguments (argsMeasure.ts), counted against the connection's budget. */
  bytes: number;
  /** Why it is not run (over a limit): the client gets this as a QueryFailed. */
  refused: string | null;
  /** Fingerprint of the last result sent, to push only changes. */
  lastSent: string | null;
}

export const pathProblem = (udfPath: string): string | null =>
  udfPath.length > MAX_UDF_PATH_LENGTH ? `The function path is ${udfPath.length} characters; the limit is ${MAX_UDF_PATH_LENGTH}.` : null;

export class QuerySet {
  private readonly queries = new Map<number, Subscription>();
  /** Query ids by cache key, for the keys this connection watches. */
  private readonly byKey = new Map<string, Set<number>>();
  /** Queries whose result may differ from the one last sent. */
  private toCheck = new Set<number>();
  private liveCount = 0;
  private argBytes = 0;

  constructor(
    private readonly cache: QueryCache,
    private readonly watcher: QueryWatcher,
    /** Whether the connection holds the admin key now (part of every cache key). */
    private readonly admin: () => boolean,
  ) {}

  get(queryId: number): Subscription | undefined {
    return this.queries.get(queryId);
  }

  /** A watched result went stale; false if none of these queries has that key. */
  markStale(key: string): boolean {
    const ids = this.byKey.get(key);
    if (ids === undefined) return false;
    for (const id of ids) this.toCheck.add(id);
    return true;
  }

  recheckAll() {
    for (const queryId of this.queries.keys()) this.toCheck.add(queryId);
  }

  /** The queries to evaluate now (new or stale), taken off the list. */
  takeToCheck(): Array<[number, Subscription]> {
    const queries: Array<[number, Subscription]> = [];
    for (const queryId of this.toCheck) {
      const q = this.queries.get(queryId);
      if (q !== undefined) queries.push([queryId, q]);
    }
    this.toCheck = new Set();
    return queries;
  }

  /** Lets go of every subscription and the cached results only they watched. */
  release() {
    for (const key of this.byKey.keys()) this.cache.unwatch(key, this.watcher);
    this.byKey.clear();
    this.queries.clear();
    this.toCheck.clear();
    this.liveCount = 0;
    this.argBytes = 0;
  }

  holdings() {
    return { subscriptions: this.liveCount, argBytes: this.argBytes };
  }

  add(queryId: number, rawPath: string, args: JSONValue) {
    this.drop(queryId);
    const bytes = argsBytes(args);
    const refused = this.subscriptionProblem(rawPath, bytes);
    const q: Subscription =
      refused === null
        ? { udfPath: canonicalUdfPath(rawPath), args, key: "", bytes, refused, lastSent: null }
        : { udfPath: "", args: {}, key: "", bytes: 0, refused, lastSent: null };
    this.queries.set(queryId, q);
    this.toCheck.add(queryId);
    if (refused !== null) return;
    this.liveCount += 1;
    this.argBytes += bytes;
    this.keyUp(queryId, q);
  }

  /** Removes a subscription and gives back what it held; false if there was none. */
  drop(queryId: number): boolean {
    const q = this.queries.get(queryId);
    if (q === undefined) return false;
    this.queries.delete(queryId);
    this.toCheck.delete(queryId);
    if (q.refused === null) {
      this.liveCount -= 1;
      this.argBytes -= q.bytes;
      this.keyDown(queryId, q);
    }
    return true;
  }

  private keyUp(queryId: number, q: Subscription) {
    q.key = queryKey(q.udfPath, q.args, this.admin());
    let ids = this.byKey.get(q.key);
    if (ids === undefined) {
      this.byKey.set(q.key, (ids = new Set()));
      this.cache.watch(q.key, this.watcher);
    }
    ids.add(queryId);
  }

  private keyDown(queryId: number, q: Subscription) {
    const ids = this.byKey.get(q.key);
    ids?.delete(queryId);
    if (ids?.size === 0) {
      this.byKey.delete(q.key);
      this.cache.unwatch(q.key, this.watcher);
    }
  }

  /** The identity changed: every query runs under new keys. */
  rekey() {
    for (const [queryId, q] of this.queries) {
      if (q.refused === null) {
        this.keyDown(queryId, q);
        this.keyUp(queryId, q);
      }
      this.toCheck.add(queryId);
    }
  }

  private subscriptionProblem(udfPath: string, bytes: number): string | null {
    if (this.liveCount >= MAX_SUBSCRIPTIONS) {
      return `This connection already holds ${MAX_SUBSCRIPTIONS} query subscriptions, the most the local backend allows; remove some first.`;
    }
    // The arguments' size is known already: not encoded again for the check.
    const problem = udfPath.length > MAX_UDF_PATH_LENGTH ? pathProblem(udfPath) : bytes > MAX_ARGS_BYTES ? argsSizeProblem(udfPath, bytes) : null;
    if (problem !== null) return problem;
    if (this.argBytes + bytes > MAX_SUBSCRIPTION_ARGS_BYTES) {
      return (
        `This connection's subscriptions would hold ${this.argBytes + bytes} bytes of arguments; ` +
        `the local backend allows ${MAX_SUBSCRIPTION_ARGS_BYTES} bytes (16 MiB) per connection. Remove some first.`
      );
    }
    return null;
  }
}
