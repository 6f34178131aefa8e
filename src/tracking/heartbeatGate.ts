import { attempt, type FailureReporter } from "./trackingFailures";

/** The client drops a same-path heartbeat sent more recently than this. */
export const HEARTBEAT_DEBOUNCE_MS = 5 * 1000;

export interface HeartbeatGate {
  /** Sends a heartbeat for `path` unless it would duplicate one just sent or still in flight. */
  request(path: string): void;
  /** Forgets the last heartbeat (after a leave), so the next request is sent whatever its path. */
  reset(): void;
}

interface GateOptions {
  debounceMs?: number;
  now?: () => number;
  onError?: FailureReporter;
}

/**
 * Every duplicate heartbeat is a write the server has to dedupe (and a
 * possible write conflict on the session's document), so the client drops
 * them first: StrictMode's doubled effects, an interval tick racing a
 * navigation, overlapping calls on a slow network.
 *
 * A path change is never lost, though: if it arrives while a call is in
 * flight it is queued and sent when that call settles, so "active by page"
 * follows navigation.
 */
export function createHeartbeatGate(
  send: (path: string) => Promise<unknown>,
  { debounceMs = HEARTBEAT_DEBOUNCE_MS, now = Date.now, onError = () => {} }: GateOptions = {},
): HeartbeatGate {
  let inFlight: string | null = null;
  let queued: string | null = null;
  let lastPath: string | null = null;
  let lastTime = 0;

  function settle() {
    inFlight = null;
    const next = queued;
    queued = null;
    if (next !== null) request(next);
  }

  function request(path: string) {
    if (inFlight !== null) {
      // Only the latest path matters; the one in flight needs no second send.
      queued = path === inFlight ? null : path;
      return;
    }
    const time = now();
    if (path === lastPath && time - lastTime < debounceMs) return;
    inFlight = path;
    lastPath = path;
    lastTime = time;
    attempt(() => send(path)).catch(onError).finally(settle);
  }

  return {
    request,
    reset() {
      lastPath = null;
    },
  };
}
