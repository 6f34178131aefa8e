import { useConvex } from "convex/react";
import { useEffect, useRef, useState } from "react";
import type { HeartbeatRefs } from "./heartbeatGate";
import type { Tracker } from "./tracker";
import { reportTrackingFailure } from "./trackingFailures";

type Load = () => Promise<{ startTracking: typeof import("./startTracking").startTracking }>;
const loadTracker: Load = () => import("./startTracking");

/**
 * The heartbeat debounce's state, held in this component's refs: the path in
 * flight (a pending call blocks the next), a path change waiting for it, and
 * the last path sent and when (the same path within HEARTBEAT_DEBOUNCE_MS,
 * 5 s, is dropped). The lazily loaded tracker applies the rule
 * (heartbeatGate.ts) to these refs, so it holds across StrictMode's remount
 * and whatever the tracker does.
 */
function useHeartbeatRefs(): HeartbeatRefs {
  const pending = useRef<string | null>(null);
  const queued = useRef<string | null>(null);
  const lastPath = useRef<string | null>(null);
  const lastTime = useRef(0);
  const [refs] = useState<HeartbeatRefs>(() => ({ pending, queued, lastPath, lastTime }));
  return refs;
}

/** After the browser has painted and is idle (or within 2 s), so tracking is never on the critical path. */
function whenIdle(run: () => void): () => void {
  if (typeof requestIdleCallback === "function") {
    const id = requestIdleCallback(run, { timeout: 2_000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 1);
  return () => clearTimeout(id);
}

/**
 * Counts this page's visits (src/tracking/tracker.ts), loading the tracker
 * lazily, and debounces its heartbeats with refs (useHeartbeatRefs). Mount
 * once, inside the router. Failures are swallowed: tracking
 * never breaks the page.
 */
export function usePageTracking(pathname: string, load: Load = loadTracker): void {
  const client = useConvex();
  const tracker = useRef<Tracker | null>(null);
  const path = useRef(pathname);
  // Taken at first render, before the reader can follow a link: the landing
  // URL's utm_* parameters describe the visit, whatever page the tracker loads on.
  const [landingUrl] = useState(() => window.location.href);
  const heartbeatRefs = useHeartbeatRefs();

  useEffect(() => {
    let live = true;
    const cancel = whenIdle(() => {
      load()
        .then(({ startTracking }) => {
          if (!live) return;
          tracker.current = startTracking(client, landingUrl, heartbeatRefs);
          tracker.current.setPath(path.current);
        })
        .catch(reportTrackingFailure);
    });
    // The tracker lives as long as the page: StrictMode's remount finds the same one.
    return () => {
      live = false;
      cancel();
    };
  }, [client, load, landingUrl, heartbeatRefs]);

  useEffect(() => {
    path.current = pathname;
    tracker.current?.setPath(pathname);
  }, [pathname]);
}
