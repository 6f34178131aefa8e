import { formatCount } from "../format";

export { formatCount };

const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatPercent(share: number): string {
  return percent.format(share);
}

export function formatDecimal(value: number): string {
  return decimal.format(value);
}

/** "45s", "3m 05s", "1h 02m": compact enough for a table cell on a phone. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

let regionNames: Intl.DisplayNames | null | undefined;

/** "Germany" for "DE" in the reader's language; the code itself where the browser has no names. */
export function countryName(countryCode: string): string {
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames(undefined, { type: "region" });
    } catch {
      regionNames = null;
    }
  }
  try {
    return regionNames?.of(countryCode) ?? countryCode;
  } catch {
    return countryCode;
  }
}

/** A day's start (ms) as a date, in the site's zone when known, else the browser's. */
export function formatDay(day: number, timeZone?: string): string {
  return new Date(day).toLocaleDateString("en", { dateStyle: "medium", ...(timeZone === undefined ? {} : { timeZone }) });
}
