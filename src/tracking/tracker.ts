import { ENGAGED_IDLE_MS, HEARTBEAT_INTERVAL_MS } from "../../convex/constants";
import { clientPageType, isTrackablePath } from "../lib/pageType";
import type { PageType } from "../../convex/validators";
import type { BlockReason } from "./consent";
import { createHeartbeatGate, type HeartbeatRefs } from "./heartbeatGate";
import type { TabCoordinator } from "./tabs";
import { attempt, type FailureReporter } from "./trackingFailures";

/**
 * After a leave, a rejoin's heartbeat could overtake the beacon (they travel
 * by different routes), and the late leave would drop a present reader; a
 * second heartbeat this long after a rejoin puts it back.
 */
export const REJOIN_CONFIRM_MS = 3_000;

/** What a reader does that shows they are reading: the idle window restarts on each. */
export const ACTIVITY_EVENTS = ["scroll", "wheel", "keydown", "pointerdown", "pointermove", "touchstart"] as const;

/** The calls the tracker makes; startTracking wires them to Convex and the beacon. */
export interface TrackerTransport {
  view(path: string, pageType: PageType): Promise<unknown>;
  heartbeat(path: string): Promise<unknown>;
  /** Over the socket, when it is up: it may not survive the page going away. */
  leave(): Promise<unknown>;
  /** A beacon to the leave HTTP action: survives unload. */
  leaveBeacon(): void;
}

/**
 * A page visit: one path, shown from `start` (a view was recorded) to its end.
 * `visibleMs` is its engaged time: only time this tab was on screen and spoke
 * for the browser (so a browser's tabs never count the same moment twice),
 * and only up to ENGAGED_IDLE_MS after the reader last did something.
 */
export interface VisitHooks {
  visitStarted?(path: string): void;
  /** The tab was hidden mid-visit (it may be shown again); `visibleMs` is the visit's time so far. */
  visitHidden?(path: string, visibleMs: number): void;
  /**
   * The visit ended (navigation, close, opt-out); `visibleMs` is its whole time
   * on screen. `unloading` is true on pagehide: the page may be gone next.
   */
  visitEnded?(path: string, visibleMs: number, unloading: boolean): void;
}

export interface Events {
  addEventListener(type: string, listener: (event: Event) => void, options?: AddEventListenerOptions): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

export interface PageLike extends Events {
  readonly visibilityState: DocumentVisibilityState;
  readonly prerendering?: boolean;
}

export interface TrackerOptions {
  transport: TrackerTransport;
  /** Why nothing may be sent now, or null; asked before every call. */
  blocked(): BlockReason | null;
  /** Builds this tab's coordinator; the tracker handles its lead and follow. */
  coordinate(handlers: { isVisible(): boolean; onLead(): void; onFollow(): void }): TabCoordinator;
  document: PageLike;
  window: Events;
  /** Events on `window` that mean the tracking switch may have changed. */
  changeEvents?: string[];
  hooks?: VisitHooks;
  onError?: FailureReporter;
  now?: () => number;
  /** The heartbeat debounce's state (usePageTracking's refs); the tracker's own when absent. */
  heartbeatRefs?: HeartbeatRefs;
  /** Engaged time stops this long after the last activity; ENGAGED_IDLE_MS unless a test says otherwise. */
  idleMs?: number;
}

export interface Tracker {
  /** The router's current path. */
  setPath(path: string): void;
  stop(): void;
}

/**
 * Counts a visible page: a view per path shown, a heartbeat stream while this
 * tab speaks for the browser, a leave when the last visible tab hides or
 * closes. A hidden or prerendered tab sends nothing until it is shown.
 */
export function createTracker(options: TrackerOptions): Tracker {
  const { transport, blocked, document: doc, window: win, hooks = {}, onError = () => {}, now = Date.now } = options;
  const idleMs = options.idleMs ?? ENGAGED_IDLE_MS;
  const send = (call: () => Promise<unknown>) => {
    attempt(call).catch(onError);
  };

  let path: string | null = null;
  let viewed: string | null = null;
  let visibleSince: number | null = null;
  let visibleMs = 0;
  let leading = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let confirm: ReturnType<typeof setTimeout> | undefined;
  let leftAt: number | null = null;
  let stopped = false;
  let lastActive = now();

  const gate = createHeartbeatGate((p) => transport.heartbeat(p), { onError, now, refs: options.heartbeatRefs });
  const isVisible = () => doc.visibilityState === "visible" && doc.prerendering !== true;

  const coordinator = options.coordinate({
    isVisible,
    onLead() {
      leading = true;
      if (viewed !== null && isVisible()) visibleSince ??= now();
      beat();
      clearInterval(timer);
      timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
      if (leftAt !== null && now() - leftAt < REJOIN_CONFIRM_MS) {
        clearTimeout(confirm);
        confirm = setTimeout(() => {
          gate.reset();
          beat();
        }, REJOIN_CONFIRM_MS);
      }
    },
    onFollow() {
      // Another tab of this browser has the reader now: this one's time stops.
      leading = false;
      pause();
      quiet();
    },
  });

  function beat() {
    if (path !== null && blocked() === null) gate.request(path);
  }

  function quiet() {
    clearInterval(timer);
    clearTimeout(confirm);
    timer = undefined;
  }

  /** Adds the engaged part of the time since `visibleSince`: none past the idle window. */
  function credit(until: number) {
    if (visibleSince !== null) visibleMs += Math.max(0, Math.min(until, lastActive + idleMs) - visibleSince);
  }

  function pause() {
    credit(now());
    visibleSince = null;
  }

  function onActivity() {
    const at = now();
    if (visibleSince !== null && at > lastActive + idleMs) {
      // Back from idle: the idle stretch is not reading; counting starts again now.
      credit(at);
      visibleSince = at;
    }
    lastActive = at;
  }

  function endVisit(unloading = false) {
    if (viewed === null) return;
    pause();
    visibleSince = isVisible() && leading ? now() : null;
    hooks.visitEnded?.(viewed, visibleMs, unloading);
    viewed = null;
    visibleMs = 0;
  }

  /** The page is on screen: record its view if not yet done, and speak for the browser. */
  function show() {
    if (stopped || path === null || !isVisible() || blocked() !== null) return;
    // Showing or navigating is the reader's doing; an idle stretch before it is credited only up to the window.
    onActivity();
    visibleSince ??= now();
    if (viewed !== path) {
      endVisit();
      viewed = path;
      visibleSince = now();
      const shown = path;
      send(() => transport.view(shown, clientPageType(shown)));
      hooks.visitStarted?.(shown);
    }
    coordinator.claim();
  }

  /** Hidden, closing or switched off: stop, and leave if no other tab speaks for the browser. */
  function hide(closing: boolean) {
    quiet();
    pause();
    if (closing) endVisit(true);
    else if (viewed !== null) hooks.visitHidden?.(viewed, visibleMs);
    leading = false;
    if (coordinator.release() !== "leave") return;
    leftAt = now();
    gate.reset();
    transport.leaveBeacon();
    send(transport.leave);
  }

  const onVisibility = () => (isVisible() ? show() : hide(false));
  const onPageHide = () => hide(true);
  const onPageShow = (event: Event) => {
    if ((event as PageTransitionEvent).persisted) show();
  };
  const onChange = () => {
    if (blocked() === null) show();
    else {
      // The switch was just turned on: one leave takes this browser out of Active Now.
      const wasCounting = timer !== undefined;
      quiet();
      endVisit();
      if (wasCounting && coordinator.release() === "leave") {
        transport.leaveBeacon();
        send(transport.leave);
      }
    }
  };

  doc.addEventListener("visibilitychange", onVisibility);
  doc.addEventListener("prerenderingchange", onVisibility);
  win.addEventListener("pagehide", onPageHide);
  win.addEventListener("pageshow", onPageShow);
  win.addEventListener("focus", onVisibility);
  for (const type of options.changeEvents ?? []) win.addEventListener(type, onChange);
  // Passive: listening never delays a scroll.
  for (const type of ACTIVITY_EVENTS) win.addEventListener(type, onActivity, { passive: true });

  return {
    setPath(next) {
      if (!isTrackablePath(next) || next === path) return;
      path = next;
      show();
    },
    stop() {
      stopped = true;
      quiet();
      doc.removeEventListener("visibilitychange", onVisibility);
      doc.removeEventListener("prerenderingchange", onVisibility);
      win.removeEventListener("pagehide", onPageHide);
      win.removeEventListener("pageshow", onPageShow);
      win.removeEventListener("focus", onVisibility);
      for (const type of options.changeEvents ?? []) win.removeEventListener(type, onChange);
      for (const type of ACTIVITY_EVENTS) win.removeEventListener(type, onActivity);
      coordinator.close();
    },
  };
}
