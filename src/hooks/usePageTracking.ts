import { useMutation } from "convex/react";
import { useEffect, useRef } from "react";
import { useLocation } from "react-router-dom";
import { api } from "../../convex/_generated/api";
import { HEARTBEAT_INTERVAL_MS } from "../../convex/constants";
import { clientPageType, isTrackablePath } from "../lib/pageType";
import { serverClock } from "../lib/serverClock";
import { landingContext } from "../tracking/landingContext";
import { useEngagement } from "../tracking/useEngagement";
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
  const recordEngagement = useMutation(api.stats.recordEngagement);

  // Refs outlive StrictMode's unmount/remount, which is what makes them a dedupe.
  const lastViewPath = useRef<string | null>(null);
  const sendHeartbeat = useRef(heartbeat);
  const gate = useRef<HeartbeatGate | null>(null);

  useEffect(() => {
    if (lastViewPath.current === pathname || !isTrackablePath(pathname)) return;
    const isLanding = lastViewPath.current === null;
    lastViewPath.current = pathname;
    attempt(async () => {
      const view = { path: pathname, pageType: clientPageType(pathname), sessionId: sessionIds.get() };
      await recordPageView(isLanding ? { ...view, context: await landingContext() } : view);
    }).catch(reportTrackingFailure);
  }, [pathname, recordPageView]);

  useEngagement(isTrackablePath(pathname) ? pathname : null, ({ path, engagedMs }) => {
    attempt(() => recordEngagement({ sessionId: sessionIds.get(), path, engagedMs })).catch(reportTrackingFailure);
  });

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
