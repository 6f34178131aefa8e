// The WebSocket sync protocol: one SyncSession per socket, one SyncHub for all.
//
// Ordering rules the client enforces (convex 1.48):
// - each Transition starts at the previous one's end version;
// - a mutation resolves once a Transition with ts >= its MutationResponse.ts
//   arrives after that response, so one is always sent after each response;
// - it reconnects after 60 s without a message, so Pings are sent.
import { setInterval } from "node:timers";
import type { JSONValue } from "convex/values";
import { keysMatch } from "./adminKey.ts";
import { MutationResponses } from "./dedup.ts";
import type { Executor } from "./executor.ts";
import type { Logger } from "./logger.ts";
import { canonicalUdfPath, describeError } from "./modules.ts";
import {
  encodeTs,
  encodeVersion,
  parseClientMessage,
  type ClientMessage,
  type ServerMessage,
  type StateModification,
  type StateVersion,
} from "./protocol.ts";
import { QueryCache, queryKey } from "./queryCache.ts";
import type { OpenLog } from "./storage.ts";

export interface SyncSocket {
  send(message: string): void;
  isOpen(): boolean;
}

const PING_INTERVAL_MS = 15_000;

export class SyncHub {
  readonly cache: QueryCache;
  readonly responses: MutationResponses;
  private readonly sessions = new Set<SyncSession>();
  private readonly mutationQueues = new Map<string, Promise<unknown>>();
  private readonly pinger: NodeJS.Timeout;
  private readonly unsubscribe: Array<() => void>;

  constructor(
    readonly executor: Executor,
    readonly log: OpenLog,
    readonly adminKey: string,
    readonly logger: Logger,
    pingIntervalMs = PING_INTERVAL_MS,
  ) {
    this.cache = new QueryCache(executor);
    this.responses = new MutationResponses(log.replay.responses);
    this.unsubscribe = [
      executor.onCommit(() => this.refreshAll()),
      executor.onReload(() => {
        this.cache.invalidate();
        this.refreshAll();
      }),
    ];
    this.pinger = setInterval(() => {
      for (const session of this.sessions) session.send({ type: "Ping" });
    }, pingIntervalMs);
    this.pinger.unref();
  }

  open(socket: SyncSocket): SyncSession {
    const session = new SyncSession(this, socket);
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
  }

  get sessionCount() {
    return this.sessions.size;
  }

  private refreshAll() {
    for (const session of this.sessions) session.requestSync();
    if (this.cache.size > 4 * this.sessions.size + 100) {
      const keys = new Set<string>();
      for (const session of this.sessions) for (const key of session.queryKeys()) keys.add(key);
      this.cache.retainOnly(keys);
    }
  }

  close() {
    clearInterval(this.pinger);
    for (const stop of this.unsubscribe) stop();
  }
}

interface Subscription {
  udfPath: string;
  args: JSONValue;
  /** Fingerprint of the last result sent, to push only changes. */
  lastSent: string | null;
}

export class SyncSession {
  private sessionId: string | null = null;
  private admin = false;
  private querySetVersion = 0;
  private identityVersion = 0;
  private readonly queries = new Map<number, Subscription>();
  private removals: number[] = [];
  private sent: StateVersion = { querySet: 0, identity: 0, ts: 0n };
  private syncing = false;
  private dirty = false;
  private mustSend = false;
  private closedFlag = false;

  constructor(
    private readonly hub: SyncHub,
    private readonly socket: SyncSocket,
  ) {}

  send(message: ServerMessage) {
    if (this.closedFlag || !this.socket.isOpen()) return;
    try {
      this.socket.send(JSON.stringify(message));
    } catch (error) {
      this.hub.logger.warn(`Could not send to a client: ${describeError(error)}`);
    }
  }

  close() {
    this.closedFlag = true;
    this.hub.closed(this);
  }

  queryKeys(): string[] {
    return [...this.queries.values()].map((q) => queryKey(q.udfPath, q.args, this.admin));
  }

  handle(raw: string) {
    const message = parseClientMessage(raw);
    if (message instanceof Error) {
      this.hub.logger.warn(`Ignored a malformed client message (${message.message}).`);
      return;
    }
    this.dispatch(message);
  }

  private dispatch(message: ClientMessage) {
    switch (message.type) {
      case "Connect":
        this.sessionId = message.sessionId;
        return;
      case "ModifyQuerySet":
        for (const mod of message.modifications) {
          if (mod.type === "Add") {
            this.queries.set(mod.queryId, { udfPath: canonicalUdfPath(mod.udfPath), args: mod.args[0] ?? {}, lastSent: null });
          } else if (this.queries.delete(mod.queryId)) {
            this.removals.push(mod.queryId);
          }
        }
        this.querySetVersion = message.newVersion;
        this.requestSync();
        return;
      case "Authenticate":
        this.authenticate(message);
        return;
      case "Mutation":
        void this.mutation(message.requestId, message.udfPath, message.args[0] ?? {});
        return;
      case "Action":
        void this.action(message.requestId, message.udfPath, message.args[0] ?? {});
        return;
      case "Event":
        return;
    }
  }

  private authenticate(message: Extract<ClientMessage, { type: "Authenticate" }>) {
    const refuse = (error: string) => {
      this.send({ type: "AuthError", error, baseVersion: message.baseVersion, authUpdateAttempted: false });
      // Queries that needed the admin key must now fail for this socket.
      this.requestSync();
    };
    // Each Authenticate replaces the socket's identity, so admin rights end
    // here even when the new credentials are refused.
    this.admin = false;
    if (message.tokenType === "User") {
      refuse("The local backend does not support user authentication.");
      return;
    }
    if (message.tokenType === "Admin" && !keysMatch((message.value ?? "").split(":")[0] ?? "", this.hub.adminKey)) {
      refuse("The provided admin key is not valid for this local backend.");
      return;
    }
    this.admin = message.tokenType === "Admin";
    this.identityVersion = message.baseVersion + 1;
    this.requestSync();
  }

  private mutation(requestId: number, udfPath: string, args: JSONValue) {
    const session = this.sessionId;
    if (session === null) {
      this.send({ type: "MutationResponse", requestId, success: false, result: "Connect must come first.", logLines: [] });
      return;
    }
    let response = this.hub.responses.lookup(session, requestId);
    if (response === undefined) {
      // The identity the mutation was sent with, not the one when its turn comes.
      const admin = this.admin;
      response = this.hub.enqueue(session, () => this.runMutation(session, requestId, udfPath, args, admin));
      this.hub.responses.remember(session, requestId, response);
    }
    return response.then((message) => {
      this.send(message);
      if (message.success) this.requestSync(true);
    });
  }

  private async runMutation(session: string, requestId: number, udfPath: string, args: JSONValue, admin: boolean) {
    const { executor, log, logger } = this.hub;
    const { outcome, receipt } = await executor.callWithReceipt("mutation", udfPath, args, { admin });
    if (outcome.status === "error") {
      return {
        type: "MutationResponse" as const,
        requestId,
        success: false as const,
        result: outcome.errorMessage,
        errorData: outcome.errorData,
        logLines: [],
      };
    }
    const message = {
      type: "MutationResponse" as const,
      requestId,
      success: true as const,
      result: outcome.value,
      ts: encodeTs(receipt.commitTs ?? executor.currentTs()),
      logLines: [],
    };
    if (receipt.persisted) {
      try {
        log.appendResponse({ session, requestId, message });
      } catch (error) {
        // The writes are durable; only a resend after a restart could repeat them.
        logger.error(`Could not record the answer to a mutation: ${describeError(error)}`);
      }
    }
    return message;
  }

  private async action(requestId: number, udfPath: string, args: JSONValue) {
    const outcome = await this.hub.executor.call("action", udfPath, args, { admin: this.admin });
    this.send(
      outcome.status === "success"
        ? { type: "ActionResponse", requestId, success: true, result: outcome.value, logLines: [] }
        : { type: "ActionResponse", requestId, success: false, result: outcome.errorMessage, errorData: outcome.errorData, logLines: [] },
    );
  }

  /** Brings the client up to date; `force` sends a Transition even if nothing changed. */
  requestSync(force = false) {
    if (force) this.mustSend = true;
    if (this.syncing) {
      this.dirty = true;
      return;
    }
    void this.sync().catch((error: unknown) => this.hub.logger.error(`Sync failed: ${describeError(error)}`));
  }

  private async sync() {
    this.syncing = true;
    try {
      do {
        this.dirty = false;
        const ts = this.hub.executor.currentTs();
        const target: StateVersion = {
          querySet: this.querySetVersion,
          identity: this.identityVersion,
          ts: ts > this.sent.ts ? ts : this.sent.ts,
        };
        const removals = this.removals;
        this.removals = [];
        const queries = [...this.queries];
        const admin = this.admin;
        const results = await Promise.all(queries.map(([, q]) => this.hub.cache.evaluate(q.udfPath, q.args, admin, ts)));
        if (this.closedFlag) return;
        const modifications: StateModification[] = removals.map((queryId) => ({ type: "QueryRemoved", queryId }));
        queries.forEach(([queryId, q], i) => {
          const result = results[i]!;
          if (this.queries.get(queryId) !== q || result.fingerprint === q.lastSent) return;
          q.lastSent = result.fingerprint;
          const { outcome } = result;
          modifications.push(
            outcome.status === "success"
              ? { type: "QueryUpdated", queryId, value: outcome.value, logLines: [], journal: null }
              : { type: "QueryFailed", queryId, errorMessage: outcome.errorMessage, errorData: outcome.errorData, logLines: [], journal: null },
          );
        });
        const changed =
          target.querySet !== this.sent.querySet || target.identity !== this.sent.identity || target.ts !== this.sent.ts;
        if (modifications.length > 0 || changed || this.mustSend) {
          this.mustSend = false;
          this.send({ type: "Transition", startVersion: encodeVersion(this.sent), endVersion: encodeVersion(target), modifications });
          this.sent = target;
        }
      } while (this.dirty && !this.closedFlag);
    } finally {
      this.syncing = false;
    }
  }
}
