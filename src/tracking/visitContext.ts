import Bowser from "bowser";
import { getCountryForTimezone } from "countries-and-timezones";
import { normalizeHost } from "../../convex/stats.context";
import type { VisitContext, VisitContextInput } from "../../convex/validators";
import type { VisitSignals } from "./visitSignals";

type Device = NonNullable<VisitContext["device"]>;

export type { VisitSignals };

/** Longer values are dropped rather than cut: a cut host or campaign would be a made-up one. */
export const MAX_CONTEXT_VALUE_LENGTH = 100;

const DEVICE_BREAKPOINTS: ReadonlyArray<[maxExclusive: number, device: Device]> = [
  [576, "mobile"],
  [992, "tablet"],
  [1440, "laptop"],
];

export function deviceOf(screenWidth: number): Device | undefined {
  if (!Number.isFinite(screenWidth) || screenWidth <= 0) return undefined;
  return DEVICE_BREAKPOINTS.find(([max]) => screenWidth < max)?.[1] ?? "desktop";
}

function bounded(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= MAX_CONTEXT_VALUE_LENGTH ? trimmed : undefined;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const REFERRER_PROTOCOLS: ReadonlySet<string> = new Set(["http:", "https:", "android-app:"]);

/**
 * The referrer's host when it is another site, cleaned as the server keeps it
 * (no `www.`, no trailing dot); an Android app's referrer
 * (android-app://com.google.android.gm/) gives its app id, which the server
 * names. This site's own host and no referrer are Direct.
 */
export function referrerHostOf(referrer: string, landingUrl: string): string | undefined {
  const from = parseUrl(referrer);
  if (from === null || !REFERRER_PROTOCOLS.has(from.protocol)) return undefined;
  const host = normalizeHost(from.hostname);
  const own = parseUrl(landingUrl);
  if (host === undefined || (own !== null && host === normalizeHost(own.hostname))) return undefined;
  return bounded(host);
}

export function countryOf(timeZone: string | undefined): string | undefined {
  return timeZone ? (getCountryForTimezone(timeZone)?.id ?? undefined) : undefined;
}

/** Only the families ("Chrome", "iOS") leave the browser, never the user-agent string. */
export function familiesOf(userAgent: string): { browser?: string; os?: string } {
  if (userAgent.trim() === "") return { browser: undefined, os: undefined };
  const parser = Bowser.getParser(userAgent);
  return { browser: bounded(parser.getBrowserName()), os: bounded(parser.getOSName()) };
}

/** The context a landing view carries; absent fields mean unknown (or Direct for the source). */
export function buildVisitContext(signals: VisitSignals): VisitContextInput {
  const params = parseUrl(signals.landingUrl)?.searchParams;
  const { browser, os } = familiesOf(signals.userAgent);
  const context: VisitContextInput = {
    referrerHost: referrerHostOf(signals.referrer, signals.landingUrl),
    utmSource: bounded(params?.get("utm_source")),
    utmMedium: bounded(params?.get("utm_medium")),
    utmCampaign: bounded(params?.get("utm_campaign")),
    ref: bounded(params?.get("ref")),
    device: deviceOf(signals.screenWidth),
    browser,
    os,
    country: countryOf(signals.timeZone),
  };
  // Absent, not undefined: the argument stays small and equal to what the server stores.
  for (const key of Object.keys(context) as Array<keyof VisitContextInput>) {
    if (context[key] === undefined) delete context[key];
  }
  return context;
}

/** The reader's browser, sent with every view: a visit that starts without a page load (a tab open past the visit gap) still knows it. */
export function browserPartOf(context: VisitContextInput): VisitContextInput {
  const { device, browser, os, country } = context;
  const part: VisitContextInput = { device, browser, os, country };
  for (const key of Object.keys(part) as Array<keyof VisitContextInput>) {
    if (part[key] === undefined) delete part[key];
  }
  return part;
}
