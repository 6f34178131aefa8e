// Runs the project's Convex functions with convex-test, keeps every commit in
// the durable log, and swaps in freshly loaded functions on reload.
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { setImmediate, setTimeout as sleep } from "node:timers/promises";
import type { GenericDocument } from "convex/server";
import type { JSONValue } from "convex/values";
import { tablesWritten, type DocumentChange, type LogState } from "./convexTestInternals.ts";
import { FairQueue, type Lane } from "./fairQueue.ts";
import { buildGeneration, type Generation } from "./generation.ts";
import { clip } from "./limits.ts";
import type { Logger } from "./logger.ts";
import { cutOffMessage, invoke, ReplacedError, RERUN } from "./invoke.ts";
import { canonicalUdfPath, describeError, type FunctionKind, type LoadedModules } from "./modules.ts";
import { fail, type Outcome } from "./outcome.ts";
import { restartScheduledJobs, retireGeneration, takeScheduledJobs } from "./scheduledJobs.ts";
import type { OpenLog } from "./storage.ts";

export interface CallOptions {
  /** Internal functions are callable only with the admin key. */
  admin: boolean;
  /** Whose turn its transactions take (one per client connection). */
  lane?: Lane;
}

/** Scheduled functions, crons and anything else no client is waiting on. */
export const BACKGROUND_LANE: Lane = { name: "background" };
/** Calls that name no lane of their own. */
const ANONYMOUS_LANE: Lane = { name: "anonymous" };

/** What a mutation call learned about its own commit. */
export interface MutationReceipt {
  /** Its commit timestamp, when it committed. */
  commitTs: bigint | null;
  /** Whether the commit wrote anything (and so reached the data file). */
  persisted: boolean;
}

interface RequestTag {
  active: boolean;
  lane: Lane;
  receipt: MutationReceipt;
  /** A query or mutation it called was refused because its code was replaced. */
  cutOff: boolean;
}

const newTag = (lane: Lane): RequestTag => ({ active: true, lane, receipt: { commitTs: null, persisted: false }, cutOff: false });

export interface ExecutorOptions {
  convexDir: string;
  log: OpenLog;
  logger: Logger;
  /** Longest wait for running functions to finish before a reload goes ahead. */
  drainTimeoutMs?: number;
}

export class Executor {
  private current!: Generation;
  private inFlight = 0;
  private drained: (() => void) | null = null;
  private gate: Promise<void> | null = null;
  private reloadChain: Promise<unknown> = Promise.resolve();
  private readonly commitListeners = new Set<(ts: bigint, tables: ReadonlySet<string>) => void>();
  private readonly queue = new FairQueue();
  private tablesSinceNotify = new Set<string>();
  private readonly changeListeners = new Set<(ts: bigint, changes: DocumentChange[]) => void>();
  private readonly reloadListeners = new Set<() => void>();
  private readonly fatalListeners = new Set<(error: unknown) => void>();
  private readonly requestTags = new AsyncLocalStorage<RequestTag>();
  // Commit notifications must not run inside convex-test's request context.
  private readonly rootScope = new AsyncResource("local-backend-executor");
  private fatal: unknown = null;
  private closed = false;
  private notifyScheduled = false;

  private constructor(private readonly options: ExecutorOptions) {}

  static async create(options: ExecutorOptions): Promise<Executor> {
    const executor = new Executor(options);
    const generation = await buildGeneration(options.convexDir);
    generation.internals.importState(options.log.replay.snapshot);
    executor.activate(generation);
    await restartScheduledJobs(generation.t, await takeScheduledJobs(generation.t, true, options.logger));
    return executor;
  }

  get loadError(): string | null {
    return this.current.loadError;
  }

  get modules(): LoadedModules | null {
    return this.current.modules;
  }

  /** The latest commit timestamp, Unix nanoseconds. */
  currentTs(): bigint {
    return this.current.internals.lastCommitTs();
  }

  /**
   * Synchronously inside each commit that wrote, before anything can read
   * its result: every document written, before and after. A listener must
   * be quick and must not throw or call back into the executor.
   */
  onChanges(listener: (ts: bigint, changes: DocumentChange[]) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Queries, mutations, actions and HTTP actions running now (what a reload waits for). */
  callsRunning(): number {
    return this.inFlight;
  }

  /** The committed state for the log's snapshot, taken now (between two commits). */
  logState(): LogState {
    return this.current.internals.logState();
  }

  /** The indexes sorted so far, and how many the start restored from the log's snapshot instead of sorting. */
  sortedIndexes(): { sorted: string[]; sortedOnRead: number; restored: number } {
    return this.current.internals.sortedIndexes();
  }

  documentCount(): number {
    return this.current.internals.documentCount();
  }

  /** After commits that wrote, batched: the latest timestamp and every table written since the last call. */
  onCommit(listener: (ts: bigint, tables: ReadonlySet<string>) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  onReload(listener: () => void): () => void {
    this.reloadListeners.add(listener);
    return () => this.reloadListeners.delete(listener);
  }

  onFatal(listener: (error: unknown) => void): () => void {
    this.fatalListeners.add(listener);
    return () => this.fatalListeners.delete(listener);
  }

  /** Runs a query, mutation or action (`kind: "any"` accepts whichever it is). */
  async call(kind: FunctionKind | "any", udfPath: string, args: JSONValue, options: CallOptions): Promise<Outcome> {
    return (await this.callWithReceipt(kind, udfPath, args, options)).outcome;
  }

  async callWithReceipt(
    kind: FunctionKind | "any",
    udfPath: string,
    args: JSONValue,
    options: CallOptions,
  ): Promise<{ outcome: Outcome; receipt: MutationReceipt }> {
    const tag = newTag(options.lane ?? ANONYMOUS_LANE);
    if (!(await this.enter())) return { outcome: fail("The local backend is shutting down."), receipt: tag.receipt };
    try {
      const outcome = await this.requestTags.run(tag, () => this.execute(kind, udfPath, args, options, tag));
      if (this.fatal !== null) return { outcome: this.fatalOutcome(), receipt: tag.receipt };
      // Even if the function caught the refusal, part of its work was not done.
      if (tag.cutOff) {
        const message = this.closed ? "The local backend is shutting down; this call was cut off." : cutOffMessage(canonicalUdfPath(udfPath));
        return { outcome: fail(message), receipt: tag.receipt };
      }
      return { outcome, receipt: tag.receipt };
    } finally {
      tag.active = false;
      this.leave();
    }
  }

  /** Runs an HTTP action of convex/http.ts. */
  async fetch(pathAndQuery: string, init: RequestInit, lane: Lane = ANONYMOUS_LANE): Promise<Response> {
    if (!(await this.enter())) return new Response("The local backend is shutting down.", { status: 503 });
    const tag = newTag(lane);
    const cutOff = () => new Response(`Internal Server Error: ${cutOffMessage(`The HTTP action for ${pathAndQuery}`)}`, { status: 500 });
    try {
      const { t, modules, loadError } = this.current;
      if (loadError !== null) return new Response(`Convex functions failed to load:\n${loadError}`, { status: 500 });
      if (!modules?.byName.has("http")) return new Response("No HTTP actions: convex/http.ts does not exist", { status: 404 });
      const response = await this.requestTags.run(tag, () => t.fetch(pathAndQuery, init));
      return tag.cutOff ? cutOff() : response;
    } catch (error) {
      if (tag.cutOff) return cutOff();
      this.options.logger.error(`HTTP action ${clip(init.method ?? "GET")} ${clip(pathAndQuery)} failed: ${describeError(error)}`);
      return new Response(`Internal Server Error: ${error instanceof Error ? error.message : String(error)}`, { status: 500 });
    } finally {
      tag.active = false;
      this.leave();
    }
  }

  /** Loads the functions again, keeping every document, id and timestamp. */
  reload(): Promise<boolean> {
    const run = this.reloadChain.then(() => this.reloadNow());
    this.reloadChain = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.reloadChain;
    this.closed = true;
    await this.drain();
    this.current.phase = "closed";
    await this.current.modules?.release();
  }

  private fatalOutcome(): Outcome {
    return fail(`The local backend stopped accepting writes: its data file could not be written (${describeError(this.fatal)}).`);
  }

  private async execute(
    kind: FunctionKind | "any",
    udfPath: string,
    argsJson: JSONValue,
    options: CallOptions,
    tag: RequestTag,
  ): Promise<Outcome> {
    // A query or mutation refused by a replaced instance ran nothing (or was
    // rolled back), so it runs again on the current one. Actions are not rerun.
    for (let attempt = 0; ; attempt++) {
      const generation = this.current;
      const outcome = await this.executeOn(generation, kind, udfPath, argsJson, options);
      if (outcome !== RERUN) return outcome;
      if (this.current === generation || attempt >= 3) return fail(cutOffMessage(canonicalUdfPath(udfPath)));
      tag.cutOff = false;
    }
  }

  private async executeOn(
    generation: Generation,
    kind: FunctionKind | "any",
    udfPath: string,
    argsJson: JSONValue,
    options: CallOptions,
  ): Promise<Outcome | typeof RERUN> {
    if (this.fatal !== null) return this.fatalOutcome();
    return await invoke(generation, kind, udfPath, argsJson, { admin: options.admin, closing: this.closed });
  }

  /** Waits out a reload; false once the executor is closed. */
  private async enter(): Promise<boolean> {
    while (this.gate !== null) await this.gate;
    if (this.closed) return false;
    this.inFlight += 1;
    return true;
  }

  private leave() {
    this.inFlight -= 1;
    if (this.inFlight === 0) this.drained?.();
  }

  private async drain() {
    if (this.inFlight === 0) return;
    const timeout = this.drainTimeoutMs;
    const done = new Promise<void>((resolve) => (this.drained = resolve));
    const timedOut = await Promise.race([done.then(() => false), sleep(timeout, true, { ref: false })]);
    this.drained = null;
    if (timedOut) {
      this.options.logger.warn(
        `${this.inFlight} function call(s) still running after ${timeout} ms; going ahead. ` +
          `Queries and mutations they start from now on are refused, and they end with an error.`,
      );
    }
  }

  private activate(generation: Generation) {
    const { log, logger } = this.options;
    const refuse = () => {
      const tag = this.requestTags.getStore();
      if (tag?.active) tag.cutOff = true;
      return new ReplacedError(generation.phase === "closed");
    };
    generation.internals.hookCommits({
      acquireTransaction: () => {
        const tag = this.requestTags.getStore();
        return this.queue.acquire(tag?.active ? tag.lane : BACKGROUND_LANE);
      },
      releaseTransaction: () => this.queue.release(),
      admitTransaction: () => {
        if (generation.phase === "active" || generation.phase === "retiring") return;
        // Calls still running on replaced code. The old instance's own timers
        // may still look at their (cancelled) jobs: those only read.
        if (this.requestTags.getStore()?.active) throw refuse();
      },
      admitCommit: (writeCount) => {
        if (writeCount === 0 || generation.phase === "active" || generation.phase === "retiring") return;
        if (generation.phase === "closed" && !this.requestTags.getStore()?.active) return;
        if (generation.phase === "retired") logger.warn("Refused a write from a function still running on the code replaced by a reload.");
        throw refuse();
      },
      persist: (event, changes) => {
        if (generation.phase === "retiring") {
          // The reload's own transaction: it cancelled the old instance's
          // jobs in the old instance's memory only. Nothing commits here after it.
          generation.phase = "retired";
          return;
        }
        if (generation.phase !== "active") return;
        if (event.writes.length > 0) log.appendCommit(event);
        const tag = this.requestTags.getStore();
        if (tag?.active && tag.receipt.commitTs === null) {
          tag.receipt = { commitTs: event.ts, persisted: event.writes.length > 0 };
        }
        if (event.writes.length > 0) {
          for (const table of tablesWritten(event.writes)) this.tablesSinceNotify.add(table);
          for (const listener of this.changeListeners) {
            try {
              listener(event.ts, changes);
            } catch (error) {
              logger.error(`A commit listener failed: ${describeError(error)}`);
            }
          }
          this.scheduleCommitNotification();
        }
      },
      onPersistFailure: (error) => {
        if (this.fatal !== null) return;
        this.fatal = error;
        logger.error(`Could not write the data file; refusing further calls: ${describeError(error)}`);
        this.rootScope.runInAsyncScope(() => {
          for (const listener of this.fatalListeners) listener(error);
        });
      },
    });
    this.current = generation;
  }

  private scheduleCommitNotification() {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    this.rootScope.runInAsyncScope(() => {
      void setImmediate().then(() => {
        this.notifyScheduled = false;
        const ts = this.currentTs();
        const tables = this.tablesSinceNotify;
        this.tablesSinceNotify = new Set();
        for (const listener of this.commitListeners) listener(ts, tables);
      });
    });
  }

  private async reloadNow(): Promise<boolean> {
    const { logger } = this.options;
    const next = await buildGeneration(this.options.convexDir);
    if (next.loadError !== null) {
      logger.error(`Reload failed; the previous functions stay active:\n${next.loadError}`);
      return false;
    }
    let release!: () => void;
    this.gate = new Promise((resolve) => (release = resolve));
    const old = this.current;
    try {
      await this.drain();
      const snapshot = await retireGeneration(old, this.drainTimeoutMs, logger);
      next.internals.importState(snapshot);
      this.activate(next);
      // Jobs that were waiting on the old instance's timers run on the new one.
      await restartScheduledJobs(next.t, await takeScheduledJobs(next.t, false, logger));
    } catch (error) {
      logger.error(`Reload failed: ${describeError(error)}`);
      if (this.current === old) {
        old.phase = "active";
        return false;
      }
    } finally {
      this.gate = null;
      release();
    }
    await old.modules?.release();
    for (const listener of this.reloadListeners) listener();
    return true;
  }

  private get drainTimeoutMs(): number {
    return this.options.drainTimeoutMs ?? 10_000;
  }

  /** The current documents, for tests and tools. */
  snapshotDocuments(): Map<string, GenericDocument> {
    return this.current.internals.exportState().documents;
  }
}
