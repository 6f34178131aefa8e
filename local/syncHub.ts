// What every sync connection shares: the query cache, the mutation answers
// kept for resends, per-client mutation order, Pings, and when subscribers
// are brought up to date after commits.
import { AsyncResource } from "node:async_hooks";
import { clearTimeout, setImmediate, setInterval, setTimeout } from "node:timers";
import { MAX_FRAME_BYTES, MAX_FRAME_BYTES_PER_SECOND, MAX_QUERY_SET_CHANGES_BURST, MAX_QUERY_SET_CHANGES_PER_SECOND } from "./limits.ts";
import { RateBudget } from "./rateBudget.ts";
import { MutationResponses } from "./dedup.ts";
import type { Executor } from "./executor.ts";
import type { Logger } from "./logger.ts";
import { QueryCache } from "./queryCache.ts";
import type { OpenLog } from "./storage.ts";
import { SyncSession, type SyncSocket } from "./syncSession.ts";

const PING_INTERVAL_MS = 15_000;
/**
 * After commits by others, subscribers are brought up to date at most this
 * often, and no sooner than REFRESH_COST_FACTOR times what the previous
 * refresh took after it started: a stream of writes then re-runs a watched
 * query once per interval, not once per write, and refreshing takes about a
 * twentieth of the time whatever the machine's speed (a fifth slowed writes by
 * 1.25-1.35x with one /stats tab open, a tenth 1.08-1.27x). The wait is capped at
 * MAX_REFRESH_WAIT_MS, so that an open dashboard whose refresh is costly still
 * sees a view within about a second; it then takes a larger share, but never
 * more than a third (MIN_COST_FACTOR): the whole /stats page re-runs 14 queries,
 * and with the cap alone its refreshes ran back to back on a loaded machine and
 * made others' writes 4.8x slower. A client's own mutation is still followed at
 * once by its Transition.
 */
export const REFRESH_INTERVAL_MS = 20;
const REFRESH_COST_FACTOR = 20;
const MIN_COST_FACTOR = 3;
const MAX_REFRESH_WAIT_MS = 500;

/** How long after a refresh that took `costMs` started the next may start. */
export function refreshSpacing(costMs: number): number {
  return Math.min(REFRESH_COST_FACTOR * costMs, Math.max(MAX_REFRESH_WAIT_MS, MIN_COST_FACTOR * costMs));
}

/** What one connection may send per second (see limits.ts). */
export interface ConnectionBudgets {
  changesPerSecond: number;
  changesBurst: number;
  frameBytesPerSecond: number;
  frameBytesBurst: number;
}

const DEFAULT_BUDGETS: ConnectionBudgets = {
  changesPerSecond: MAX_QUERY_SET_CHANGES_PER_SECOND,
  changesBurst: MAX_QUERY_SET_CHANGES_BURST,
  frameBytesPerSecond: MAX_FRAME_BYTES_PER_SECOND,
  frameBytesBurst: MAX_FRAME_BYTES,
};

export class SyncHub {
  readonly cache: QueryCache;
  readonly responses: MutationResponses;
  private readonly sessions = new Set<SyncSession>();
  private readonly mutationQueues = new Map<string, Promise<unknown>>();
  private readonly pinger: NodeJS.Timeout;
  private readonly refreshIntervalMs: number;
  private readonly budgets: ConnectionBudgets;
  private readonly unsubscribe: Array<() => void>;
  // Refreshes must not run inside the context of the commit that asked for them.
  private readonly scope = new AsyncResource("local-backend-sync-hub");

  constructor(
    readonly executor: Executor,
    readonly log: OpenLog,
    readonly adminKey: string,
    readonly logger: Logger,
    timing: { pingIntervalMs?: number; refreshIntervalMs?: number; connectionBudgets?: Partial<ConnectionBudgets> } = {},
  ) {
    this.budgets = { ...DEFAULT_BUDGETS, ...timing.connectionBudgets };
    this.refreshIntervalMs = timing.refreshIntervalMs ?? REFRESH_INTERVAL_MS;
    this.cache = new QueryCache(executor);
    this.responses = new MutationResponses(log.replay.responses);
    this.unsubscribe = [
      executor.onCommit(() => this.scheduleRefresh()),
      executor.onReload(() => {
        this.cache.invalidate();
        for (const session of this.sessions) session.recheckAll();
        this.refreshAll();
      }),
      () => this.cache.close(),
    ];
    this.pinger = setInterval(() => {
      for (const session of this.sessions) session.send({ type: "Ping" });
    }, timing.pingIntervalMs ?? PING_INTERVAL_MS);
    this.pinger.unref();
  }

  open(socket: SyncSocket): SyncSession {
    const { changesPerSecond, changesBurst, frameBytesPerSecond, frameBytesBurst } = this.budgets;
    const session = new SyncSession(this, socket, {
      changes: new RateBudget(changesPerSecond, changesBurst),
      bytes: new RateBudget(frameBytesPerSecond, frameBytesBurst),
    });
    this.sessions.add(session);
    return session;
  }

  /** Runs one client's mutations in the order it sent them, across reconnects. */
  enqueue<T>(clientSession: string, run: () => Promise<T>): Promise<T> {
    const result = (this.mutationQueues.get(clientSession) ?? Promise.resolve()).then(run);
    const tail = result.catch(() => undefined);
    this.mutationQueues.set(clientSession, tail);
    void tail.then(() => {
      if (this.mutationQueues.get(clientSession) === tail) this.mutationQueues.delete(clientSession);
    });
    return result;
  }

  closed(session: SyncSession) {
    this.sessions.delete(session);
    this.dirty.delete(session);
  }

  /** Sessions with a query whose result may have changed since it was sent. */
  private readonly dirty = new Set<SyncSession>();
  private kickScheduled = false;

  /**
   * Called while a commit is applied (or when a run that overlapped one
   * ends): the refresh itself runs later, outside the committing call.
   */
  markDirty(session: SyncSession) {
    this.dirty.add(session);
    if (this.kickScheduled) return;
    this.kickScheduled = true;
    this.scope.runInAsyncScope(() =>
      setImmediate(() => {
        this.kickScheduled = false;
        if (this.dirty.size > 0) this.scheduleRefresh();
      }),
    );
  }

  get sessionCount() {
    return this.sessions.size;
  }

  /** What the open connections hold, summed, and what the cache keeps: all zero once every socket has closed. */
  holdings() {
    let subscriptions = 0;
    let argBytes = 0;
    let queued = 0;
    for (const session of this.sessions) {
      const held = session.holdings();
      subscriptions += held.subscriptions;
      argBytes += held.argBytes;
      queued += held.queued;
    }
    return { sessions: this.sessions.size, subscriptions, argBytes, queued, cache: this.cache.size };
  }

  /** When the next refresh may start (performance.now() time). */
  private nextRefresh = 0;
  private refreshTimer: NodeJS.Timeout | null = null;
  private refreshing = false;

  private scheduleRefresh() {
    // One refresh at a time: the next is planned when this one has ended and its cost is known.
    if (this.refreshTimer !== null || this.refreshing) return;
    const wait = this.nextRefresh - performance.now();
    if (wait <= 0) {
      this.refreshAll();
      return;
    }
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refreshAll();
    }, wait);
  }

  /** Brings the sessions with stale queries up to date; the others are not touched and hear nothing. */
  private refreshAll() {
    if (this.dirty.size === 0) return;
    const start = performance.now();
    this.nextRefresh = start + this.refreshIntervalMs;
    const sessions = [...this.dirty];
    this.dirty.clear();
    this.refreshing = true;
    const syncs = sessions.map((session) => session.requestSync());
    void Promise.all(syncs).then(() => {
      this.refreshing = false;
      const cost = performance.now() - start;
      this.nextRefresh = Math.max(this.nextRefresh, start + refreshSpacing(cost));
      if (this.dirty.size > 0) this.scheduleRefresh();
    });
  }

  close() {
    clearInterval(this.pinger);
    if (this.refreshTimer !== null) clearTimeout(this.refreshTimer);
    for (const stop of this.unsubscribe) stop();
  }
}
