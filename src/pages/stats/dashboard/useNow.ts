import { useEffect, useState } from "react";

export function floorTo(time: number, stepMs: number): number {
  return time - (time % stepMs);
}

/**
 * The current time rounded down to `stepMs`, changing once per step on the
 * step boundary. A query result is cached per argument, so a coarse clock lets
 * the dashboard's queries stay live and shared instead of re-running on every
 * render. The browser's clock is enough: the anchor only picks the buckets.
 */
export function useNow(stepMs: number, now: () => number = Date.now): number {
  const [current, setCurrent] = useState(() => floorTo(now(), stepMs));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer = setTimeout(tick, stepMs - (now() % stepMs));
    };
    const tick = () => {
      setCurrent(floorTo(now(), stepMs));
      schedule();
    };
    schedule();
    return () => clearTimeout(timer);
  }, [stepMs, now]);
  return current;
}
