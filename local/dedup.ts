// A client resends every mutation still waiting for its Transition when it
// reconnects. Answers are kept by (session, requestId) so a resent mutation
// gets its first answer instead of running twice.
import type { ServerMessage } from "./protocol.ts";
import type { StoredResponse } from "./storage.ts";

type MutationResponse = Extract<ServerMessage, { type: "MutationResponse" }>;

const MAX_SESSIONS = 1000;
const MAX_PER_SESSION = 200;

export class MutationResponses {
  private readonly sessions = new Map<string, Map<number, Promise<MutationResponse>>>();

  constructor(persisted: StoredResponse[] = []) {
    for (const { session, requestId, message } of persisted) {
      this.remember(session, requestId, Promise.resolve(message as MutationResponse));
    }
  }

  /** The answer (or the run in progress) for this request, if any. */
  lookup(session: string, requestId: number): Promise<MutationResponse> | undefined {
    return this.sessions.get(session)?.get(requestId);
  }

  remember(session: string, requestId: number, response: Promise<MutationResponse>) {
    let requests = this.sessions.get(session);
    if (requests === undefined) {
      requests = new Map();
    } else {
      // Re-insert to keep the most recently used sessions last.
      this.sessions.delete(session);
    }
    this.sessions.set(session, requests);
    requests.set(requestId, response);
    if (requests.size > MAX_PER_SESSION) requests.delete(requests.keys().next().value as number);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
  }
}
