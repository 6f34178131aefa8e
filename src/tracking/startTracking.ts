// The tracker's entry point, loaded lazily after first paint (usePageTracking):
// readers' first paint never waits for it or for isbot's patterns.
import type { ConvexReactClient } from "convex/react";
import { api } from "../../convex/_generated/api";
import { ENGAGEMENT_BEACON_PATH, PRESENCE_LEAVE_PATH } from "../../convex/constants";
import { CLICK_BEACON_PATH } from "../../convex/links.target";
import { trackingBlock, type BrowserSignals } from "./consent";
import { engagementHooks } from "./engagement";
import type { HeartbeatRefs } from "./heartbeatGate";
import { landingContext } from "./landingContext";
import { sendClick, watchLinkClicks } from "./linkClicks";
import { createScrollDepth } from "./scrollDepth";
import { TRACKING_CHANGE_EVENT } from "./optOut";
import { sessionIds } from "./sessionId";
import { trackingSettings } from "./settings";
import { createTabCoordinator, newTabId, TABS_CHANNEL, type Channel } from "./tabs";
import { createTracker, type Tracker } from "./tracker";
import { attempt, reportTrackingFailure } from "./trackingFailures";
import { readVisitSignals, type VisitSignals } from "./visitSignals";

let tracker: Tracker | null = null;

/**
 * One tracker per page load, however often React mounts the hook.
 * `landingUrl` is the URL the reader arrived on (the app may have navigated
 * since); the page load's first view carries its visit context.
 */
export function startTracking(client: ConvexReactClient, landingUrl: string = location.href, heartbeatRefs?: HeartbeatRefs): Tracker {
  if (tracker !== null) return tracker;
  const blocked = () => trackingBlock(navigator as BrowserSignals, trackingSettings);
  const signals: VisitSignals = readVisitSignals(landingUrl);
  let context: ReturnType<typeof landingContext> | null = null;
  // The landing's source goes with every view until one is recorded: a view
  // that fails does not take the visit's source with it.
  let sourceSent = false;

  tracker = createTracker({
    transport: {
      view: async (path, pageType) => {
        const view = { path, pageType, sessionId: sessionIds.get() };
        const known = await (context ??= landingContext(signals));
        // Later views carry the browser part only: the server starts a new visit with it after a long pause.
        const sent = known === undefined ? undefined : sourceSent ? known.browser : known.full;
        await client.mutation(api.stats.recordPageView, sent === undefined ? view : { ...view, context: sent });
        sourceSent = true;
      },
      heartbeat: (path) => client.mutation(api.presence.heartbeat, { sessionId: sessionIds.get(), path }),
      leave: () => client.mutation(api.presence.leave, { sessionId: sessionIds.get() }),
      leaveBeacon: () => {
        // A string body goes as text/plain: a simple request, no preflight.
        navigator.sendBeacon?.(PRESENCE_LEAVE_PATH, sessionIds.get());
      },
    },
    blocked,
    coordinate: (handlers) =>
      createTabCoordinator({
        tab: newTabId(),
        channel: typeof BroadcastChannel === "function" ? (new BroadcastChannel(TABS_CHANNEL) as Channel) : null,
        ...handlers,
      }),
    document,
    window,
    changeEvents: [TRACKING_CHANGE_EVENT, "storage"],
    // A visit that ends because the switch was just turned on reports nothing.
    hooks: engagementHooks(({ path, engagedMs, leaving, scrollDepth }) => {
      if (blocked() !== null) return;
      const engagement = { sessionId: sessionIds.get(), path, engagedMs, ...(scrollDepth === undefined ? {} : { scrollDepth }) };
      // A hiding page may be frozen or gone before its socket sends; a queued beacon is not lost with it.
      if (leaving && navigator.sendBeacon?.(ENGAGEMENT_BEACON_PATH, JSON.stringify(engagement))) return;
      attempt(() => client.mutation(api.stats.recordEngagement, engagement)).catch(reportTrackingFailure);
    }, createScrollDepth()),
    onError: reportTrackingFailure,
    heartbeatRefs,
  });
  // Lives as long as the page: one tracker per page load.
  watchLinkClicks({
    document,
    location,
    blocked: () => blocked() !== null,
    send: ({ url, page }) => sendClick(CLICK_BEACON_PATH, JSON.stringify({ url, page, sessionId: sessionIds.get() })),
  });
  return tracker;
}
