import { isbot } from "isbot";
import { isOptedOut } from "./optOut";
import type { TrackingSettings } from "./settings";

export type BlockReason = "opted-out" | "do-not-track" | "automation";

/** What the browser tells about itself (navigator's fields, some non-standard). */
export interface BrowserSignals {
  userAgent: string;
  webdriver?: boolean;
  doNotTrack?: string | null;
  globalPrivacyControl?: boolean;
}

/**
 * Why this browser must send nothing, or null when it may be counted. Checked
 * before every call, so flipping the opt-out switch takes effect at once.
 */
export function trackingBlock(
  browser: BrowserSignals,
  settings: TrackingSettings,
  optedOut: () => boolean = isOptedOut,
): BlockReason | null {
  if (optedOut()) return "opted-out";
  if (settings.honourDoNotTrack && (browser.doNotTrack === "1" || browser.globalPrivacyControl === true)) {
    return "do-not-track";
  }
  if (!settings.countAutomation && (browser.webdriver === true || isbot(browser.userAgent))) return "automation";
  return null;
}
