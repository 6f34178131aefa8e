// The tracker's entry point, loaded lazily after first paint (useTracking):
// readers' first paint never waits for it or for isbot's patterns.
import type { ConvexReactClient } from "convex/react";
import { api } from "../../convex/_generated/api";
import { PRESENCE_LEAVE_PATH } from "../../convex/constants";
import { trackingBlock, type BrowserSignals } from "./consent";
import { TRACKING_CHANGE_EVENT } from "./optOut";
import { sessionIds } from "./sessionId";
import { trackingSettings } from "./settings";
import { createTabCoordinator, newTabId, TABS_CHANNEL, type Channel } from "./tabs";
import { createTracker, type Tracker, type VisitHooks } from "./tracker";
import { reportTrackingFailure } from "./trackingFailures";

let tracker: Tracker | null = null;

/** One tracker per page load, however often React mounts the hook. */
export function startTracking(client: ConvexReactClient, hooks?: VisitHooks): Tracker {
  tracker ??= createTracker({
    transport: {
      view: (path, pageType) => client.mutation(api.stats.recordPageView, { path, pageType, sessionId: sessionIds.get() }),
      heartbeat: (path) => client.mutation(api.presence.heartbeat, { sessionId: sessionIds.get(), path }),
      leave: () => client.mutation(api.presence.leave, { sessionId: sessionIds.get() }),
      leaveBeacon: () => {
        // A string body goes as text/plain: a simple request, no preflight.
        navigator.sendBeacon?.(PRESENCE_LEAVE_PATH, sessionIds.get());
      },
    },
    blocked: () => trackingBlock(navigator as BrowserSignals, trackingSettings),
    coordinate: (handlers) =>
      createTabCoordinator({
        tab: newTabId(),
        channel: typeof BroadcastChannel === "function" ? (new BroadcastChannel(TABS_CHANNEL) as Channel) : null,
        ...handlers,
      }),
    document,
    window,
    changeEvents: [TRACKING_CHANGE_EVENT, "storage"],
    hooks,
    onError: reportTrackingFailure,
  });
  return tracker;
}
