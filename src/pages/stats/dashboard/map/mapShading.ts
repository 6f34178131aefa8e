import type { BreakdownRow } from "../types";

/** Shades from lightest to darkest; a country with no visitors is plain land. */
export const MAP_LEVELS = 5;

/** Each country's shade 1..MAP_LEVELS by its share of the top country's visitors. */
export function shadeLevels(rows: readonly BreakdownRow[]): Map<string, number> {
  const top = Math.max(0, ...rows.filter((r) => r.value !== "").map((r) => r.visitors));
  const levels = new Map<string, number>();
  if (top === 0) return levels;
  for (const row of rows) {
    if (row.value === "" || row.visitors <= 0) continue;
    levels.set(row.value, Math.max(1, Math.ceil((row.visitors / top) * MAP_LEVELS)));
  }
  return levels;
}

/** What the map says to a screen reader: the leading countries, and where the rest are. */
export function mapSummary(rows: readonly BreakdownRow[], nameOf: (code: string) => string, top = 5): string {
  const known = rows.filter((r) => r.value !== "" && r.visitors > 0);
  if (known.length === 0) return "World map of visitors by country: no country known yet.";
  const named = known.slice(0, top).map((r) => `${nameOf(r.value)} ${r.visitors}`);
  const more = known.length - named.length;
  return `World map of visitors by country: ${named.join(", ")}${more > 0 ? `, and ${more} more` : ""}. The table lists every country.`;
}
