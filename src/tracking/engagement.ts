/** The server refuses more; a tab left open for days is not four days of reading. */
export const MAX_ENGAGED_MS = 4 * 60 * 60 * 1000;

export interface EngagedTime {
  path: string;
  engagedMs: number;
}

export interface Engagement {
  /** A page visit starts on `path` (null: a page not tracked); the visible time of the one it replaces is returned. */
  enter(path: string | null, visible: boolean): EngagedTime | null;
  /** The tab was hidden or shown. Hiding returns the visible time since the last report. */
  visibility(visible: boolean): EngagedTime | null;
  /** The page is going away (pagehide): report what is left. */
  leave(): EngagedTime | null;
}

/**
 * Counts the milliseconds a path was visible. Every report carries only the
 * time since the previous one, so the server can insert reports and sum them:
 * hiding the tab reports, showing it again starts a fresh count on the same path.
 */
export function createEngagement(now: () => number = Date.now): Engagement {
  let path: string | null = null;
  let visibleSince: number | null = null;
  let pending = 0;

  const pause = () => {
    if (visibleSince !== null) pending += now() - visibleSince;
    visibleSince = null;
  };
  const report = (): EngagedTime | null => {
    pause();
    const engagedMs = Math.min(Math.round(pending), MAX_ENGAGED_MS);
    pending = 0;
    return path !== null && engagedMs > 0 ? { path, engagedMs } : null;
  };

  return {
    enter(next, visible) {
      const ended = report();
      path = next;
      visibleSince = visible && next !== null ? now() : null;
      return ended;
    },
    visibility(visible) {
      if (!visible) return report();
      if (visibleSince === null && path !== null) visibleSince = now();
      return null;
    },
    leave() {
      return report();
    },
  };
}
