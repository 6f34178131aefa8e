import type { GoalReport, LinkKind, LinkRow } from "../../../../../convex/validators";
import { toCsv } from "../csv";

const VALUE_HEADER: Record<LinkKind, string> = { notFound: "missing path", outbound: "link", download: "file" };

/** One origin as the panels show it: a page of the site, an outside source, or direct. */
export function fromLabel(from: LinkRow["froms"][number]): string {
  if (from.fromKind === "none") return "Direct / unknown";
  if (from.fromKind === "source") return from.from;
  return from.fromTitle === undefined ? from.from : `${from.fromTitle} (${from.from})`;
}

export function linkCsv(kind: LinkKind, groupedByHost: boolean, rows: readonly LinkRow[], approximate: boolean): string {
  const visitors = approximate ? "visitors (≈ lower bound)" : "visitors";
  const value = groupedByHost ? "host" : VALUE_HEADER[kind];
  const origin = kind === "notFound" ? "came from" : "clicked on";
  return toCsv(
    [value, visitors, kind === "notFound" ? "views" : "clicks", origin],
    rows.map((row) => [row.value, row.visitors, row.count, row.froms.map((f) => `${fromLabel(f)}: ${f.count}`).join("; ")]),
  );
}

export function goalsCsv(report: GoalReport): string {
  return toCsv(
    ["goal", "kind", "target", "visitors", "conversions", "conversion rate"],
    report.goals.map((g) => [g.name, g.kind, g.target, g.visitors, g.conversions, g.rate === null ? null : Number(g.rate.toFixed(4))]),
  );
}
