import { useMutation } from "convex/react";
import { useEffect, useRef } from "react";
import { useLocation } from "react-router-dom";
import { api } from "../../convex/_generated/api";
import { HEARTBEAT_INTERVAL_MS } from "../../convex/constants";
import { clientPageType, isTrackablePath } from "../lib/pageType";
import { serverClock } from "../lib/serverClock";
import { createHeartbeatGate, type HeartbeatGate } from "./heartbeatGate";
import { sessionIds } from "./sessionId";
import { attempt, reportTrackingFailure } from "./trackingFailures";

/**
 * Records a view on each path change and keeps this visitor in "Active Now"
 * with a heartbeat at once and every HEARTBEAT_INTERVAL_MS; each answer sets
 * the page's serverClock. Mount it once, inside the router. Failures are
 * swallowed: tracking never breaks the page.
 */
export function usePageTracking(): void {
  const { pathname } = useLocation();
  const recordPageView = useMutation(api.stats.recordPageView);
  const heartbeat = useMutation(api.stats.heartbeat);

  // Refs outlive StrictMode's unmount/remount, which is what makes them a dedupe.
  const lastViewPath = useRef<string | null>(null);
  const sendHeartbeat = useRef(heartbeat);
  const gate = useRef<HeartbeatGate | null>(null);

  useEffect(() => {
    if (lastViewPath.current === pathname || !isTrackablePath(pathname)) return;
    lastViewPath.current = pathname;
    attempt(() =>
      recordPageView({ path: pathname, pageType: clientPageType(pathname), sessionId: sessionIds.get() }),
    ).catch(reportTrackingFailure);
  }, [pathname, recordPageView]);

  useEffect(() => {
    sendHeartbeat.current = heartbeat;
    if (!isTrackablePath(pathname)) return;
    gate.current ??= createHeartbeatGate(
      async (currentPath) => {
        const sentAt = Date.now();
        const { serverTime } = await sendHeartbeat.current({ sessionId: sessionIds.get(), currentPath });
        serverClock.observe(sentAt, serverTime, Date.now());
      },
      { onError: reportTrackingFailure },
    );
    const beat = () => gate.current?.request(pathname);
    beat();
    const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [pathname, heartbeat]);
}
