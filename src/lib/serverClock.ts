/**
 * The server's time as best this browser knows it. "Active Now" compares the
 * server-stamped `lastSeen` of each session with a `now` the stats page
 * sends, so a browser whose clock runs minutes off would otherwise show
 * everyone gone, or keep departed visitors for minutes. Heartbeats answer
 * with the server's clock; the offset is taken at the middle of the round
 * trip, as NTP does.
 */
export interface Clock {
  now(): number;
  /** Calls `onChange` whenever `now()` jumps (the offset changed); returns an unsubscribe. */
  subscribe(onChange: () => void): () => void;
}

export interface ServerClock extends Clock {
  /** A reply carrying `serverTime` to a request sent at `sentAt`, received at `receivedAt` (local clock). */
  observe(sentAt: number, serverTime: number, receivedAt: number): void;
}

/**
 * Offsets closer than this to the current one are network jitter: moving
 * `now` for them would only churn the stats query's argument.
 */
export const CLOCK_JITTER_MS = 1_000;

export function createServerClock(localNow: () => number = () => Date.now()): ServerClock {
  let offset = 0;
  const listeners = new Set<() => void>();
  return {
    now: () => localNow() + offset,
    observe(sentAt, serverTime, receivedAt) {
      if (!Number.isFinite(serverTime) || receivedAt < sentAt) return;
      const next = Math.round(serverTime - (sentAt + receivedAt) / 2);
      if (Math.abs(next - offset) < CLOCK_JITTER_MS) return;
      offset = next;
      for (const listener of listeners) listener();
    },
    subscribe(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
  };
}

/** One per page load, shared by the tracker (which feeds it) and the stats page (which reads it). */
export const serverClock = createServerClock();
