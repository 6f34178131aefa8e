// One client's WebSocket under the sync protocol: its query set, identity,
// mutations and actions, and the Transitions that bring it up to date.
//
// Ordering rules the client enforces (convex 1.48):
// - each Transition starts at the previous one's end version;
// - a mutation resolves once a Transition with ts >= its MutationResponse.ts
//   arrives after that response, so one is always sent after each response;
// - it reconnects after 60 s without a message, so Pings are sent.
import { clearTimeout, setTimeout } from "node:timers";
import type { JSONValue } from "convex/values";
import { keysMatch } from "./adminKey.ts";
import { argsProblem, MAX_REQUESTS_IN_FLIGHT } from "./limits.ts";
import { describeError } from "./modules.ts";
import {
  encodeTs,
  encodeVersion,
  parseClientMessage,
  type ClientMessage,
  type ServerMessage,
  type StateModification,
  type StateVersion,
} from "./protocol.ts";
import type { QueryResult, QueryWatcher } from "./queryCache.ts";
import { pathProblem, QuerySet } from "./querySet.ts";
import type { RateBudget } from "./rateBudget.ts";
import type { SyncHub } from "./syncHub.ts";

export interface SyncSocket {
  send(message: string): void;
  isOpen(): boolean;
  /** Stop and restart reading the client's frames (while its query-set changes are over budget). */
  pause?(): void;
  resume?(): void;
}

/** Why a call with this path and these arguments is refused before it runs, or null. */
function callProblem(udfPath: string, args: JSONValue): string | null {
  return pathProblem(udfPath) ?? argsProblem(udfPath, args);
}

const refusedResult = (errorMessage: string): Promise<QueryResult> => {
  const outcome = { status: "error" as const, errorMessage };
  return Promise.resolve({ outcome, fingerprint: JSON.stringify(outcome) });
};

export class SyncSession implements QueryWatcher {
  private sessionId: string | null = null;
  private admin = false;
  private querySetVersion = 0;
  private identityVersion = 0;
  private readonly queries: QuerySet;
  /** Frames that arrived while query-set changes were over budget, in order. */
  private inbox: Array<{ raw: string; paid: boolean }> = [];
  private inboxTimer: NodeJS.Timeout | null = null;
  /** Mutations and actions sent on this socket and not answered yet. */
  private inFlight = 0;
  private removals: number[] = [];
  private sent: StateVersion = { querySet: 0, identity: 0, ts: 0n };
  private syncing: Promise<void> | null = null;
  private dirty = false;
  private mustSend = false;
  private closedFlag = false;

  constructor(
    private readonly hub: SyncHub,
    private readonly socket: SyncSocket,
    /** Query-set changes and frame bytes this socket may send (syncHub.ts sets them). */
    private readonly budgets: { changes: RateBudget; bytes: RateBudget },
  ) {
    this.queries = new QuerySet(hub.cache, this, () => this.admin);
  }

  /** A watched result went stale: check it at the next refresh. */
  stale(key: string) {
    if (this.queries.markStale(key)) this.hub.markDirty(this);
  }

  send(message: ServerMessage) {
    if (this.closedFlag || !this.socket.isOpen()) return;
    try {
      this.socket.send(JSON.stringify(message));
    } catch (error) {
      this.hub.logger.warn(`Could not send to a client: ${describeError(error)}`);
    }
  }

  /** New function code: every result may differ. */
  recheckAll() {
    this.queries.recheckAll();
    this.hub.markDirty(this);
  }

  /** Lets go of everything the socket held: subscriptions, their arguments and cached results, queued frames. */
  close() {
    this.closedFlag = true;
    this.queries.release();
    this.inbox = [];
    if (this.inboxTimer !== null) clearTimeout(this.inboxTimer);
    this.inboxTimer = null;
    this.hub.closed(this);
  }

  /** What the socket holds, for tests and the status page. */
  holdings() {
    return { ...this.queries.holdings(), queued: this.inbox.length };
  }

  handle(raw: string) {
    if (this.closedFlag) return;
    if (this.inbox.length > 0) {
      this.inbox.push({ raw, paid: false });
      return;
    }
    this.process(raw, false);
  }

  /** Handles one frame, or queues it (and stops reading the socket) while query-set changes are over budget. */
  private process(raw: string, paid: boolean) {
    // Before parsing: parsing is the cost of a huge frame.
    if (!paid && this.defer(raw, false, this.budgets.bytes.take(raw.length))) return;
    const message = parseClientMessage(raw);
    if (message instanceof Error) {
      this.hub.logger.warn(`Ignored a malformed client message (${message.message}).`);
      return;
    }
    if (message.type === "ModifyQuerySet" && this.defer(raw, true, this.budgets.changes.take(message.modifications.length))) return;
    this.dispatch(message);
  }

  /** Queues the frame (and stops reading the socket) when a budget says to wait. */
  private defer(raw: string, paid: boolean, wait: number): boolean {
    if (wait === 0) return false;
    this.inbox.unshift({ raw, paid });
    this.socket.pause?.();
    this.inboxTimer = setTimeout(() => this.drainInbox(), wait);
    return true;
  }

  private drainInbox() {
    this.inboxTimer = null;
    const queued = this.inbox;
    this.inbox = [];
    for (let i = 0; i < queued.length; i++) {
      this.process(queued[i]!.raw, queued[i]!.paid);
      if (this.inbox.length > 0) {
        // Over budget again: the rest waits behind it, in order.
        this.inbox.push(...queued.slice(i + 1));
        return;
      }
    }
    if (!this.closedFlag) this.socket.resume?.();
  }

  private dispatch(message: ClientMessage) {
    switch (message.type) {
      case "Connect":
        this.sessionId = message.sessionId;
        return;
      case "ModifyQuerySet":
        for (const mod of message.modifications) {
          if (mod.type === "Add") this.queries.add(mod.queryId, mod.udfPath, mod.args[0] ?? {});
          else if (this.queries.drop(mod.queryId)) this.removals.push(mod.queryId);
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

  /** Takes a slot for a new mutation or action, or says why there is none. */
  private takeRequestSlot(udfPath: string, args: JSONValue): string | null {
    if (this.inFlight >= MAX_REQUESTS_IN_FLIGHT) {
      return (
        `This connection already has ${MAX_REQUESTS_IN_FLIGHT} mutations and actions waiting for an answer, ` +
        `the most the local backend allows; wait for some to finish.`
      );
    }
    const problem = callProblem(udfPath, args);
    if (problem === null) this.inFlight += 1;
    return problem;
  }

  private authenticate(message: Extract<ClientMessage, { type: "Authenticate" }>) {
    const refuse = (error: string) => {
      this.send({ type: "AuthError", error, baseVersion: message.baseVersion, authUpdateAttempted: false });
      // Queries that needed the admin key must now fail for this socket.
      this.requestSync();
    };
    // Each Authenticate replaces the socket's identity, so admin rights end
    // here even when the new credentials are refused.
    const wasAdmin = this.admin;
    this.admin = false;
    const identityChanged = () => {
      if (this.admin !== wasAdmin) this.queries.rekey();
    };
    if (message.tokenType === "User") {
      identityChanged();
      refuse("The local backend does not support user authentication.");
      return;
    }
    if (message.tokenType === "Admin" && !keysMatch((message.value ?? "").split(":")[0] ?? "", this.hub.adminKey)) {
      identityChanged();
      refuse("The provided admin key is not valid for this local backend.");
      return;
    }
    this.admin = message.tokenType === "Admin";
    identityChanged();
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
      const refused = this.takeRequestSlot(udfPath, args);
      if (refused !== null) {
        this.send({ type: "MutationResponse", requestId, success: false, result: refused, logLines: [] });
        return;
      }
      // The identity the mutation was sent with, not the one when its turn comes.
      const admin = this.admin;
      response = this.hub.enqueue(session, () => this.runMutation(session, requestId, udfPath, args, admin));
      void response.finally(() => (this.inFlight -= 1)).catch(() => undefined);
      this.hub.responses.remember(session, requestId, response);
    }
    return response.then((message) => {
      this.send(message);
      if (message.success) this.requestSync(true);
    });
  }

  private async runMutation(session: string, requestId: number, udfPath: string, args: JSONValue, admin: boolean) {
    const { executor, log, logger } = this.hub;
    const { outcome, receipt } = await executor.callWithReceipt("mutation", udfPath, args, { admin, lane: this });
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
    const refused = this.takeRequestSlot(udfPath, args);
    if (refused !== null) {
      this.send({ type: "ActionResponse", requestId, success: false, result: refused, logLines: [] });
      return;
    }
    let outcome;
    try {
      outcome = await this.hub.executor.call("action", udfPath, args, { admin: this.admin, lane: this });
    } finally {
      this.inFlight -= 1;
    }
    this.send(
      outcome.status === "success"
        ? { type: "ActionResponse", requestId, success: true, result: outcome.value, logLines: [] }
        : { type: "ActionResponse", requestId, success: false, result: outcome.errorMessage, errorData: outcome.errorData, logLines: [] },
    );
  }

  /** Brings the client up to date; `force` sends a Transition even if nothing changed. */
  /** Resolves once the client is up to date (or the attempt failed and was logged). */
  requestSync(force = false): Promise<void> {
    if (force) this.mustSend = true;
    if (this.syncing !== null) {
      this.dirty = true;
      return this.syncing;
    }
    this.syncing = this.sync()
      .catch((error: unknown) => this.hub.logger.error(`Sync failed: ${describeError(error)}`))
      .finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async sync() {
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
      // Only queries that are new or whose result went stale: the others'
      // results are still the ones last sent.
      const queries = this.queries.takeToCheck();
      const admin = this.admin;
      const results = await Promise.all(
        queries.map(([, q]) => (q.refused !== null ? refusedResult(q.refused) : this.hub.cache.evaluate(q.key, q.udfPath, q.args, admin, this))),
      );
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
      // A newer timestamp alone is no reason to write to the client: a socket
      // whose queries did not change hears nothing, so its messages do not
      // follow others' traffic. Its own mutations still get their Transition.
      const changed = target.querySet !== this.sent.querySet || target.identity !== this.sent.identity;
      if (modifications.length > 0 || changed || this.mustSend) {
        this.mustSend = false;
        this.send({ type: "Transition", startVersion: encodeVersion(this.sent), endVersion: encodeVersion(target), modifications });
        this.sent = target;
      }
    } while (this.dirty && !this.closedFlag);
  }
}
