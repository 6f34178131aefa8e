import { useEffect, useState } from "react";
import { serverClock, type Clock } from "../../lib/serverClock";

export function floorTo(time: number, stepMs: number): number {
  return time - (time % stepMs);
}

/**
 * The current time rounded down to `stepMs`, changing once per step on the
 * step boundary. A query result is cached per argument, so a coarse clock lets
 * a time-dependent query stay live and shared without re-running every
 * millisecond. The time is the server's, as heartbeats have reported it.
 */
export function useNow(stepMs: number, clock: Clock = serverClock): number {
  const [now, setNow] = useState(() => floorTo(clock.now(), stepMs));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer = setTimeout(tick, stepMs - (clock.now() % stepMs));
    };
    // Also runs when the clock learns the server's offset, off the step boundary.
    const tick = () => {
      clearTimeout(timer);
      setNow(floorTo(clock.now(), stepMs));
      schedule();
    };
    schedule();
    const unsubscribe = clock.subscribe(tick);
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [stepMs, clock]);
  return now;
}
