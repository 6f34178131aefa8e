import type { StatsDimension, StatsFilter, StatsRange } from "../../../../convex/validators";

export const RANGES: ReadonlyArray<{ value: StatsRange; label: string }> = [
  { value: "today", label: "Today" },
  { value: "yesterday", label: "Yesterday" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "month", label: "This month" },
  { value: "12mo", label: "Last 12 months" },
  { value: "all", label: "All time" },
];

export const DEFAULT_RANGE: StatsRange = "7d";

/** The queries take "now" rounded down to the hour: cacheable for an hour, live through writes. */
export const ANCHOR_STEP_MS = 60 * 60 * 1000;

/** Every dimension a filter can pin, in the order chips are shown; each is also its URL parameter's name. */
export const DIMENSIONS: readonly StatsDimension[] = [
  "page",
  "entry",
  "exit",
  "source",
  "channel",
  "sourceHost",
  "utmSource",
  "utmMedium",
  "utmCampaign",
  "device",
  "browser",
  "os",
  "country",
];

export const DIMENSION_LABELS: Record<StatsDimension, string> = {
  page: "Page",
  entry: "Entry page",
  exit: "Exit page",
  source: "Source",
  channel: "Channel",
  sourceHost: "Referrer host",
  utmSource: "UTM source",
  utmMedium: "UTM medium",
  utmCampaign: "UTM campaign",
  device: "Device",
  browser: "Browser",
  os: "OS",
  country: "Country",
};

/** Filter values are short strings; anything longer in a URL is not one of ours. */
const MAX_FILTER_VALUE_LENGTH = 512;

export interface DashboardParams {
  range: StatsRange;
  filters: StatsFilter[];
}

function isRange(value: string | null): value is StatsRange {
  return RANGES.some((range) => range.value === value);
}

export function parseParams(search: URLSearchParams): DashboardParams {
  const range = search.get("range");
  const filters: StatsFilter[] = [];
  for (const dimension of DIMENSIONS) {
    const value = search.get(dimension);
    if (value !== null && value.length <= MAX_FILTER_VALUE_LENGTH) filters.push({ dimension, value });
  }
  return { range: isRange(range) ? range : DEFAULT_RANGE, filters };
}

/** The search string for these params, keeping parameters that are not the dashboard's own. */
export function writeParams(search: URLSearchParams, { range, filters }: DashboardParams): URLSearchParams {
  const next = new URLSearchParams(search);
  if (range === DEFAULT_RANGE) next.delete("range");
  else next.set("range", range);
  for (const dimension of DIMENSIONS) next.delete(dimension);
  for (const { dimension, value } of filters) next.set(dimension, value);
  return next;
}

/** At most one filter per dimension: pinning a dimension again replaces its value. */
export function withFilter(filters: StatsFilter[], filter: StatsFilter): StatsFilter[] {
  return [...filters.filter((f) => f.dimension !== filter.dimension), filter];
}

export function withoutFilter(filters: StatsFilter[], dimension: StatsDimension): StatsFilter[] {
  return filters.filter((f) => f.dimension !== dimension);
}
