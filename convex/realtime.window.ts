// The realtime view's window, shared by the query and the page. Apart from
// constants.ts on purpose: the page's entry chunk holds constants.ts whole, and
// these belong only to /stats. The second dot keeps it from being a Convex module.

/** The realtime view's window: views of the last 30 minutes, per minute. */
export const REALTIME_WINDOW_MS = 30 * 60 * 1000;
export const REALTIME_MINUTE_MS = 60 * 1000;

/** The window's start at `now`: the last 29 whole minutes and the current one. */
export function realtimeSince(now: number): number {
  return now - (now % REALTIME_MINUTE_MS) - REALTIME_WINDOW_MS + REALTIME_MINUTE_MS;
}
