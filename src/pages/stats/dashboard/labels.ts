import type { StatsDimension } from "../../../../convex/validators";
import { countryName, flagOf } from "./format";

/** How a filter value reads in a chip: "" is Direct for sources and unknown elsewhere. */
export function filterValueLabel(dimension: StatsDimension, value: string): string {
  if (value === "") return dimension === "source" ? "Direct" : "Unknown";
  if (dimension === "country") return `${flagOf(value)} ${countryName(value)}`.trim();
  return value;
}

/** A row label with the country's flag in front; the server's label, or the browser's name for the code. */
export function rowLabel(dimension: StatsDimension, value: string, label: string): string {
  if (dimension !== "country" || value === "") return label;
  const name = label === value ? countryName(value) : label;
  return `${flagOf(value)} ${name}`.trim();
}
