import type { StatsDimension } from "../../../../convex/validators";
import { countryName } from "./format";

// Countries are named, not flagged: emoji flags are boxes on Linux without an
// emoji font and letter pairs on Windows. The map shows where they are.

/** How a filter value reads in a chip: "" is Direct for sources and unknown elsewhere. */
export function filterValueLabel(dimension: StatsDimension, value: string): string {
  if (value === "") return dimension === "source" ? "Direct" : "Unknown";
  if (dimension === "country") return countryName(value);
  return value;
}

/** A row label: the server's label, or for a country the browser's name for its code. */
export function rowLabel(dimension: StatsDimension, value: string, label: string): string {
  if (dimension !== "country" || value === "" || label !== value) return label;
  return countryName(value);
}
