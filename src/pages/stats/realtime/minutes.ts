import { REALTIME_MINUTE_MS, REALTIME_WINDOW_MS } from "../../../../convex/realtime.window";
import type { RealtimeMinute } from "../../../../convex/validators";

export { realtimeSince } from "../../../../convex/realtime.window";

/** Every minute of the window, oldest first, zeros included; minutes before `from` (not counted) are null. */
export function everyMinute(
  minutes: readonly RealtimeMinute[],
  since: number,
  from: number,
): Array<RealtimeMinute & { counted: boolean }> {
  const byStart = new Map(minutes.map((m) => [m.start, m]));
  return Array.from({ length: REALTIME_WINDOW_MS / REALTIME_MINUTE_MS }, (_, i) => {
    const start = since + i * REALTIME_MINUTE_MS;
    const minute = byStart.get(start) ?? { start, visitors: 0, views: 0 };
    return { ...minute, counted: start >= from };
  });
}
