import { useEffect, useRef } from "react";
import { createEngagement, type EngagedTime } from "./engagement";

/**
 * Reports the visible time spent on each path when its visit ends: the path
 * changes, the tab is hidden, or the page goes away. `path` null means a page
 * that is not tracked; its time is not reported.
 */
export function useEngagement(path: string | null, send: (time: EngagedTime) => void): void {
  const engagement = useRef(createEngagement());
  const sendRef = useRef(send);
  // StrictMode runs the path effect twice; a second enter() of the same path is no new visit.
  const current = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    sendRef.current = send;
  }, [send]);

  useEffect(() => {
    if (current.current === path) return;
    current.current = path;
    const ended = engagement.current.enter(path, document.visibilityState === "visible");
    if (ended !== null) sendRef.current(ended);
  }, [path]);

  useEffect(() => {
    const flush = (ended: EngagedTime | null) => {
      if (ended !== null) sendRef.current(ended);
    };
    const onVisibility = () => flush(engagement.current.visibility(document.visibilityState === "visible"));
    const onPageHide = () => flush(engagement.current.leave());
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", onPageHide);
    };
  }, []);
}
