import { useMemo } from "react";
import { useNow } from "./useNow";
import { BreakdownPanel, type PanelTab } from "./BreakdownPanel";
import { ChartSection } from "./ChartSection";
import { Definitions } from "./Definitions";
import { api } from "../../../../convex/_generated/api";
import { FilterChips } from "./FilterChips";
import { Headline } from "./Headline";
import { PanelBoundary } from "./PanelBoundary";
import { RangePicker } from "./RangePicker";
import type { DashboardQueryArgs } from "./types";
import { useDashboardParams } from "./useDashboardParams";
import { useKeptQuery } from "./useKeptQuery";
import { ANCHOR_STEP_MS } from "./params";
import { csvContextOf } from "./csvContext";
import { DownloadAll } from "./DownloadAll";

export { ANCHOR_STEP_MS };

const PANELS: ReadonlyArray<{ title: string; tabs: readonly PanelTab[] }> = [
  {
    title: "Pages",
    tabs: [
      { dimension: "page", label: "Top pages" },
      { dimension: "entry", label: "Entry pages" },
      { dimension: "exit", label: "Exit pages" },
    ],
  },
  {
    title: "Sources",
    tabs: [
      { dimension: "source", label: "Sources", drill: { dimension: "sourceHost", label: "Hosts" } },
      { dimension: "channel", label: "Channels" },
      { dimension: "utmSource", label: "UTM source" },
      { dimension: "utmMedium", label: "UTM medium" },
      { dimension: "utmCampaign", label: "UTM campaign" },
    ],
  },
  { title: "Countries", tabs: [{ dimension: "country", label: "Countries" }] },
  {
    title: "Devices",
    tabs: [
      { dimension: "device", label: "Devices" },
      { dimension: "browser", label: "Browsers" },
      { dimension: "os", label: "OS" },
    ],
  },
];

const HEADING_ID = "dash-heading";
/** Files end at now: the last day they name moves once a minute. */
const CSV_CLOCK_MS = 60 * 1000;

export function Dashboard({ statsKey }: { statsKey: string | undefined }) {
  const { range, filters, setRange, addFilter, removeFilter, clearFilters } = useDashboardParams();
  const anchor = useNow(ANCHOR_STEP_MS);
  const args = useMemo<DashboardQueryArgs>(
    () => (statsKey === undefined ? { range, anchor, filters } : { range, anchor, filters, key: statsKey }),
    [range, anchor, filters, statsKey],
  );
  // The headline's own subscription (same query, same args): shared, not a second read.
  const { data: summary } = useKeptQuery(api.dashboard.summary, args);
  const empty = summary !== undefined && summary.current.views === 0;
  // The chart's subscription (same query, same args): its buckets give every file its days and zone.
  const { data: series } = useKeptQuery(api.dashboard.series, args);
  const clock = useNow(CSV_CLOCK_MS);
  const csv = useMemo(
    () => series && csvContextOf(args.range, args.filters, series, clock),
    [series, args.range, args.filters, clock],
  );
  return (
    <section className="dash" aria-labelledby={HEADING_ID}>
      <div className="dash-toolbar">
        <h2 id={HEADING_ID}>Traffic</h2>
        <RangePicker range={range} onChange={setRange} />
      </div>
      <FilterChips filters={filters} onRemove={removeFilter} onClear={clearFilters} hint={!empty} />
      <PanelBoundary label="The headline figures">
        <Headline args={args} />
      </PanelBoundary>
      <PanelBoundary label="The chart">
        <ChartSection args={args} csv={csv} />
      </PanelBoundary>
      <div className="dash-panels">
        {PANELS.map(({ title, tabs }) => (
          <PanelBoundary key={title} label={title}>
            <BreakdownPanel title={title} tabs={tabs} args={args} csv={csv} onFilter={addFilter} />
          </PanelBoundary>
        ))}
      </div>
      {!empty && (
        <div className="dash-download-all">
          <DownloadAll args={args} context={csv} />
        </div>
      )}
      <Definitions />
    </section>
  );
}
