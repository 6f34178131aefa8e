import { useConvex } from "convex/react";
import { useEffect, useRef, useState } from "react";
import type { Tracker } from "./tracker";
import { reportTrackingFailure } from "./trackingFailures";

type Load = () => Promise<{ startTracking: typeof import("./startTracking").startTracking }>;
const loadTracker: Load = () => import("./startTracking");

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
 * lazily. Mount once, inside the router. Failures are swallowed: tracking
 * never breaks the page.
 */
export function usePageTracking(pathname: string, load: Load = loadTracker): void {
  const client = useConvex();
  const tracker = useRef<Tracker | null>(null);
  const path = useRef(pathname);
  // Taken at first render, before the reader can follow a link: the landing
  // URL's utm_* parameters describe the visit, whatever page the tracker loads on.
  const [landingUrl] = useState(() => window.location.href);

  useEffect(() => {
    let live = true;
    const cancel = whenIdle(() => {
      load()
        .then(({ startTracking }) => {
          if (!live) return;
          tracker.current = startTracking(client, landingUrl);
          tracker.current.setPath(path.current);
        })
        .catch(reportTrackingFailure);
    });
    // The tracker lives as long as the page: StrictMode's remount finds the same one.
    return () => {
      live = false;
      cancel();
    };
  }, [client, load, landingUrl]);

  useEffect(() => {
    path.current = pathname;
    tracker.current?.setPath(pathname);
  }, [pathname]);
}
