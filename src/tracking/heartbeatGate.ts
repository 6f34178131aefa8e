import { attempt, type FailureReporter } from "./trackingFailures";

/** The client drops a same-path heartbeat sent more recently than this. */
export const HEARTBEAT_DEBOUNCE_MS = 5 * 1000;

export interface HeartbeatGate {
  /** Sends a heartbeat for `path` unless it would duplicate one just sent or still in flight. */
  request(path: string): void;
  /** Forgets the last heartbeat (after a leave), so the next request is sent whatever its path. */
  reset(): void;
}

/**
 * The gate's state, as React refs (`{ current }`): usePageTracking owns
 * them, so the debounce outlives a remount and every tracker the page loads.
 */
export interface HeartbeatRefs {
  /** The path of the call in flight (the pending guard), or null. */
  pending: { current: string | null };
  /** A path change that arrived while a call was in flight. */
  queued: { current: string | null };
  lastPath: { current: string | null };
  lastTime: { current: number };
}

export const newHeartbeatRefs = (): HeartbeatRefs => ({ pending: { current: null }, queued: { current: null }, lastPath: { current: null }, lastTime: { current: 0 } });

interface GateOptions {
  debounceMs?: number;
  now?: () => number;
  onError?: FailureReporter;
  /** Where the state lives; a private set when absent. */
  refs?: HeartbeatRefs;
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
  { debounceMs = HEARTBEAT_DEBOUNCE_MS, now = Date.now, onError = () => {}, refs = newHeartbeatRefs() }: GateOptions = {},
): HeartbeatGate {
  const { pending, queued, lastPath, lastTime } = refs;

  function settle() {
    pending.current = null;
    const next = queued.current;
    queued.current = null;
    if (next !== null) request(next);
  }

  function request(path: string) {
    if (pending.current !== null) {
      // Only the latest path matters; the one in flight needs no second send.
      queued.current = path === pending.current ? null : path;
      return;
    }
    const time = now();
    if (path === lastPath.current && time - lastTime.current < debounceMs) return;
    pending.current = path;
    lastPath.current = path;
    lastTime.current = time;
    attempt(() => send(path)).catch(onError).finally(settle);
  }

  return {
    request,
    reset() {
      lastPath.current = null;
    },
  };
}
