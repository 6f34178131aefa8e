/** What a query says about how its figures were counted (dashboardSummary, dashboardSeries, dashboardBreakdown). */
export interface EstimateFlags {
  visitorsApproximate: boolean;
  sampleVisits: number | null;
}

export const VISITORS_ESTIMATE = "approximate: distinct visitors estimated from merged visitor sets, within 2%";

export function sampleText(sampleVisits: number): string {
  return `estimate: computed from a sample of ${sampleVisits.toLocaleString("en-US")} whole visits (the latest that match), scaled to the filter's exact total`;
}

/** The ≈ mark with its reason as a tooltip. */
export function Approx({ title }: { title: string }) {
  return <abbr title={title}>≈</abbr>;
}

/** A panel's or the chart's note when its figures are estimates; nothing when they are exact. */
export function EstimateNote({ flags }: { flags: EstimateFlags | undefined }) {
  if (flags === undefined) return null;
  if (flags.sampleVisits !== null) {
    return (
      <p className="dash-note" role="note">
        <Approx title={sampleText(flags.sampleVisits)} /> Estimated from a sample of {flags.sampleVisits.toLocaleString("en-US")} visits.
      </p>
    );
  }
  if (!flags.visitorsApproximate) return null;
  return (
    <p className="dash-note" role="note">
      <Approx title={VISITORS_ESTIMATE} /> Visitors are estimated, within 2%.
    </p>
  );
}
