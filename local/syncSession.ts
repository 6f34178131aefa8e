// One client's WebSocket under the sync protocol: its query set, identity,
// mutations and actions, and the Transitions that bring it up to date.
//
// Ordering rules the client enforces (convex 1.48):
// - each Transition starts at the previous one's end version;
// - a mutation resolves once a Transition with ts >= its MutationResponse.ts
//   arrives after that response, so one is always sent after each response;
// - it reconnects after 60 s without a message, so Pings are sent.
import type { JSONValue } from "convex/values";
import { keysMatch } from "./adminKey.ts";
import { argsProblem, MAX_REQUESTS_IN_FLIGHT, MAX_SUBSCRIPTIONS, MAX_UDF_PATH_LENGTH } from "./limits.ts";
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
import { queryKey, type QueryResult } from "./queryCache.ts";
import type { SyncHub } from "./syncHub.ts";

export interface SyncSocket {
  send(message: string): void;
  isOpen(): boolean;
}

/** Why a call with this path and these arguments is refused before it runs, or null. */
function callProblem(udfPath: string, args: JSONValue): string | null {
  if (udfPath.length > MAX_UDF_PATH_LENGTH) return `The function path is ${udfPath.length} characters; the limit is ${MAX_UDF_PATH_LENGTH}.`;
  return argsProblem(udfPath, args);
}

const refusedResult = (errorMessage: string): Promise<QueryResult> => {
  const outcome = { status: "error" as const, errorMessage };
  return Promise.resolve({ outcome, fingerprint: JSON.stringify(outcome) });
};

interface Subscription {
  udfPath: string;
  args: JSONValue;
  /** Why it is not run (over a limit): the client gets this as a QueryFailed. */
  refused: string | null;
  /** Fingerprint of the last result sent, to push only changes. */
  lastSent: string | null;
}

export class SyncSession {
  private sessionId: string | null = null;
  private admin = false;
  private querySetVersion = 0;
  private identityVersion = 0;
  private readonly queries = new Map<number, Subscription>();
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
    return [...this.queries.values()].filter((q) => q.refused === null).map((q) => queryKey(q.udfPath, q.args, this.admin));
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
            const args = mod.args[0] ?? {};
            const refused = this.queries.has(mod.queryId) ? null : this.subscriptionProblem(mod.udfPath, args);
            const udfPath = refused === null ? canonicalUdfPath(mod.udfPath) : "";
            this.queries.set(mod.queryId, { udfPath, args: refused === null ? args : {}, refused, lastSent: null });
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

  private subscriptionProblem(udfPath: string, args: JSONValue): string | null {
    const live = [...this.queries.values()].filter((q) => q.refused === null).length;
    if (live >= MAX_SUBSCRIPTIONS) {
      return `This connection already holds ${MAX_SUBSCRIPTIONS} query subscriptions, the most the local backend allows; remove some first.`;
    }
    return callProblem(udfPath, args);
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
      const queries = [...this.queries];
      const admin = this.admin;
      const results = await Promise.all(
        queries.map(([, q]) => (q.refused !== null ? refusedResult(q.refused) : this.hub.cache.evaluate(q.udfPath, q.args, admin, this))),
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
      const changed =
        target.querySet !== this.sent.querySet || target.identity !== this.sent.identity || target.ts !== this.sent.ts;
      if (modifications.length > 0 || changed || this.mustSend) {
        this.mustSend = false;
        this.send({ type: "Transition", startVersion: encodeVersion(this.sent), endVersion: encodeVersion(target), modifications });
        this.sent = target;
      }
    } while (this.dirty && !this.closedFlag);
  }
}
