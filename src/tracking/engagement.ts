import type { ScrollDepth } from "./scrollDepth";
import type { VisitHooks } from "./tracker";

/** The server refuses more; a tab left open for days is not four days of reading. */
export const MAX_ENGAGED_MS = 4 * 60 * 60 * 1000;

export interface EngagedTime {
  path: string;
  engagedMs: number;
  /** Sent as the tab hides or the page unloads: the page may not live to send it over its socket. */
  leaving: boolean;
  /** The largest share 0..1 of the article seen so far in this visit, when the page has one. */
  scrollDepth?: number;
}

/**
 * Turns the tracker's visible time per visit (tracker.ts counts it) into
 * engagement reports. Each report carries only the milliseconds not reported
 * yet, so the server can insert reports and sum them: a hidden tab reports
 * what it has so far (the page may never get a pagehide, as on mobile), and
 * the end of the visit reports the rest.
 */
export function engagementHooks(report: (time: EngagedTime) => void, depth?: ScrollDepth): VisitHooks {
  let reported = 0;
  const flush = (path: string, visibleMs: number, leaving: boolean) => {
    const engagedMs = Math.min(Math.round(visibleMs - reported), MAX_ENGAGED_MS);
    reported = visibleMs;
    // The depth so far goes with each report; the server keeps the view's largest.
    const scrollDepth = depth?.max() ?? undefined;
    if (engagedMs > 0) report(scrollDepth === undefined ? { path, engagedMs, leaving } : { path, engagedMs, leaving, scrollDepth });
  };
  return {
    visitStarted() {
      reported = 0;
      depth?.reset();
    },
    visitHidden(path, visibleMs) {
      depth?.measure();
      flush(path, visibleMs, true);
    },
    visitEnded(path, visibleMs, unloading) {
      // On a navigation the page shown is already the next one: only an unloading page is still the visit's.
      if (unloading) depth?.measure();
      flush(path, visibleMs, unloading);
      reported = 0;
    },
  };
}
