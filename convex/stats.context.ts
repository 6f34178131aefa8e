// A view's context as the server keeps it. Each field is cleaned on its own;
// one the server cannot make sense of is dropped, never the view: a visit
// whose landing view were refused would lose its source and its entry page.
// Imported by stats.visit.ts and by the browser (which cleans the same way
// before sending); the second dot keeps it from being a Convex module.
import type { Device, VisitContext, VisitContextInput } from "./validators";

const MAX_HOST_LENGTH = 253;
const MAX_TAG_LENGTH = 100;
const MAX_FAMILY_LENGTH = 40;
// Underscores are not allowed in host names but real DNS names carry them (_dmarc, some CDNs).
const HOST_LABEL = "[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?";
const HOST = new RegExp(`^${HOST_LABEL}(\\.${HOST_LABEL})*$`);
const IPV6 = /^\[[0-9a-f:.]+\]$/;
const PORT = /:\d{1,5}$/;
const COUNTRY = /^[A-Z]{2}$/;
const DEVICES: ReadonlySet<string> = new Set<Device>(["mobile", "tablet", "laptop", "desktop"]);
// eslint-disable-next-line no-control-regex -- control characters are exactly what we replace
const CONTROL_RUNS = /[\u0000-\u001f\u007f\s]+/g;

/**
 * A referrer host as one name per site: lower-case, no port, no trailing
 * dot, no `www.`. IPv6 literals are kept in brackets. Anything else that is
 * not a host name is undefined.
 */
export function normalizeHost(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let host = raw.trim().toLowerCase();
  if (IPV6.test(host)) return host.length <= MAX_HOST_LENGTH ? host : undefined;
  host = host.replace(PORT, "").replace(/\.+$/, "");
  if (host.startsWith("www.")) host = host.slice(4);
  if (host === "" || host.length > MAX_HOST_LENGTH || !HOST.test(host)) return undefined;
  return host;
}

/** A tag or family name with its control characters and runs of white space as single spaces; too long or empty is undefined. */
export function cleanText(raw: string | undefined, max = MAX_TAG_LENGTH): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.replace(CONTROL_RUNS, " ").trim();
  return text === "" || text.length > max ? undefined : text;
}

function cleanCountry(raw: string | undefined): string | undefined {
  const code = raw?.trim().toUpperCase();
  return code !== undefined && COUNTRY.test(code) ? code : undefined;
}

function cleanDevice(raw: string | undefined): Device | undefined {
  const device = raw?.trim().toLowerCase();
  return device !== undefined && DEVICES.has(device) ? (device as Device) : undefined;
}

/** The context as stored, with `ref` kept apart: it only names the source. Fields come back absent, never undefined. */
export function normalizeContext(input: VisitContextInput): { context: VisitContext; ref: string | undefined } {
  const context: VisitContext = {
    referrerHost: normalizeHost(input.referrerHost),
    utmSource: cleanText(input.utmSource),
    utmMedium: cleanText(input.utmMedium),
    utmCampaign: cleanText(input.utmCampaign),
    device: cleanDevice(input.device),
    browser: cleanText(input.browser, MAX_FAMILY_LENGTH),
    os: cleanText(input.os, MAX_FAMILY_LENGTH),
    country: cleanCountry(input.country),
  };
  for (const key of Object.keys(context) as Array<keyof VisitContext>) {
    if (context[key] === undefined) delete context[key];
  }
  return { context, ref: cleanText(input.ref) };
}
