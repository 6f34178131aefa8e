import { useEffect, useState } from "react";

export function floorTo(time: number, stepMs: number): number {
  return time - (time % stepMs);
}

/**
 * The current time rounded down to `stepMs`, changing once per step on the
 * step boundary. A query result is cached per argument, so a coarse clock lets
 * a time-dependent query stay live and shared without re-running every
 * millisecond.
 */
export function useNow(stepMs: number): number {
  const [now, setNow] = useState(() => floorTo(Date.now(), stepMs));
  useEffect(() => {
    const untilNextStep = () => stepMs - (Date.now() % stepMs);
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(floorTo(Date.now(), stepMs));
      timer = setTimeout(tick, untilNextStep());
    };
    timer = setTimeout(tick, untilNextStep());
    return () => clearTimeout(timer);
  }, [stepMs]);
  return now;
}
