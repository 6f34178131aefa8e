import { isbot } from "isbot";
import { isOptedOut } from "./optOut";
import type { TrackingSettings } from "./settings";

export type BlockReason = "opted-out" | "framed" | "do-not-track" | "automation";

/** What the browser tells about itself (navigator's fields, some non-standard). */
export interface BrowserSignals {
  userAgent: string;
  webdriver?: boolean;
  doNotTrack?: string | null;
  globalPrivacyControl?: boolean;
}

/** The parts of `window` that tell whether the page is framed, and by whom. */
export interface FrameSignals {
  top: Window | null;
  self: unknown;
  location: Pick<Location, "origin">;
}

/**
 * True when another origin holds this page in a frame: such a load is not a
 * reader's visit (an invisible iframe would count one per load of the framing
 * page). The servers forbid framing too; this covers a host that does not.
 */
export function isFramedByAnotherOrigin(frame: FrameSignals = window): boolean {
  const top = frame.top;
  if (top === frame.self) return false;
  try {
    // A cross-origin top's location can't be read: it throws.
    return top === null || top.location.origin !== frame.location.origin;
  } catch {
    return true;
  }
}

/**
 * Why this browser must send nothing, or null when it may be counted. Checked
 * before every call, so flipping the opt-out switch takes effect at once.
 */
export function trackingBlock(
  browser: BrowserSignals,
  settings: TrackingSettings,
  optedOut: () => boolean = isOptedOut,
  framed: () => boolean = isFramedByAnotherOrigin,
): BlockReason | null {
  if (optedOut()) return "opted-out";
  if (framed()) return "framed";
  if (settings.honourDoNotTrack && (browser.doNotTrack === "1" || browser.globalPrivacyControl === true)) {
    return "do-not-track";
  }
  if (!settings.countAutomation && (browser.webdriver === true || isbot(browser.userAgent))) return "automation";
  return null;
}
