import { useMemo } from "react";
import "./ChartControls.css";
import "./DashboardLayout.css";
import { useNow } from "./useNow";
import { BreakdownPanel, type PanelTab } from "./BreakdownPanel";
import { ChartSection } from "./ChartSection";
import { Definitions } from "./Definitions";
import { api } from "../../../../convex/_generated/api";
import { FeedPanel } from "./FeedPanel";
import { FilterChips } from "./FilterChips";
import { Headline } from "./Headline";
import { GoalsPanel } from "./links/GoalsPanel";
import { NotFoundPanel, OutboundPanel } from "./links/LinkPanels";
import { PanelBoundary } from "./PanelBoundary";
import { CompareSelect, RangePicker } from "./RangePicker";
import { DEFAULT_COMPARE } from "./chartParams";
import { useChartParams } from "./useChartParams";
import { SearchTermsPanel } from "./SearchTermsPanel";
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
  const chart = useChartParams();
  const { custom, compare, interval } = chart;
  const anchor = useNow(ANCHOR_STEP_MS);
  // Panels ignore the comparison and the interval: changing them re-runs only the headline or the chart.
  const args = useMemo<DashboardQueryArgs>(() => {
    const base: DashboardQueryArgs = statsKey === undefined ? { range, anchor, filters } : { range, anchor, filters, key: statsKey };
    return custom === null ? base : { ...base, custom };
  }, [range, anchor, filters, statsKey, custom]);
  const compared = useMemo(() => (compare === DEFAULT_COMPARE ? args : { ...args, compare }), [args, compare]);
  const charted = useMemo(() => (interval === null ? compared : { ...compared, interval }), [compared, interval]);
  // The headline's own subscription (same query, same args): shared, not a second read.
  const { data: summary } = useKeptQuery(api.dashboard.summary, compared);
  const empty = summary !== undefined && summary.current.views === 0;
  // The chart's subscription (same query, same args): its buckets give every file its days and zone.
  const { data: series } = useKeptQuery(api.dashboard.series, charted);
  const clock = useNow(CSV_CLOCK_MS);
  const csv = useMemo(
    () => series && csvContextOf(args.range, args.filters, series, clock, custom),
    [series, args.range, args.filters, clock, custom],
  );
  return (
    <section className="dash" aria-labelledby={HEADING_ID}>
      <div className="dash-toolbar">
        <h2 id={HEADING_ID}>Traffic</h2>
        <div className="dash-toolbar__pickers">
          <RangePicker range={range} custom={custom} onChange={setRange} onCustom={chart.setCustom} />
          <CompareSelect compare={compare} onChange={chart.setCompare} />
        </div>
        <FilterChips filters={filters} onRemove={removeFilter} onClear={clearFilters} hint={!empty} />
      </div>
      <PanelBoundary label="The headline figures">
        <Headline args={compared} metric={chart.metric} onMetric={chart.setMetric} />
      </PanelBoundary>
      <PanelBoundary label="The chart">
        <ChartSection args={charted} metric={chart.metric} onInterval={chart.setInterval} csv={csv} />
      </PanelBoundary>
      <div className="dash-panels">
        {PANELS.map(({ title, tabs }) => (
          <PanelBoundary key={title} label={title}>
            <BreakdownPanel title={title} tabs={tabs} args={args} csv={csv} onFilter={addFilter} />
          </PanelBoundary>
        ))}
        <PanelBoundary label="Goals">
          <GoalsPanel args={args} csv={csv} />
        </PanelBoundary>
        <PanelBoundary label="Links">
          <OutboundPanel args={args} csv={csv} />
        </PanelBoundary>
      </div>
      {/* Short lists, mostly a line or two: three to a row on a wide screen. */}
      <div className="dash-panels dash-panels--thirds">
        <PanelBoundary label="Not found">
          <NotFoundPanel args={args} csv={csv} onFilter={addFilter} />
        </PanelBoundary>
        <PanelBoundary label="Searches">
          <SearchTermsPanel args={args} csv={csv} />
        </PanelBoundary>
        <PanelBoundary label="Feed subscribers">
          <FeedPanel args={args} csv={csv} />
        </PanelBoundary>
      </div>
      <div className="dash-foot">
        <Definitions />
        {!empty && (
          <div className="dash-download-all">
            <DownloadAll args={args} context={csv} />
          </div>
        )}
      </div>
    </section>
  );
}
