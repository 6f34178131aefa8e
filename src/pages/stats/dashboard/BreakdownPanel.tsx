import { useConvex } from "convex/react";
import { useId, useState, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";
import { api } from "../../../../convex/_generated/api";
import { MAX_BREAKDOWN_ROWS } from "../../../../convex/constants";
import type { StatsDimension, StatsFilter } from "../../../../convex/validators";
import { BreakdownTable } from "./BreakdownTable";
import { CatchingUp } from "./CatchingUp";
import { CountryMap } from "./map/CountryMap";
import { EstimateNote } from "./Estimate";
import { downloadCsv } from "./csv";
import { csvFilename, type CsvContext } from "./csvContext";
import { breakdownCsv } from "./exports";
import type { DashboardQueryArgs, PanelQueryArgs } from "./types";
import { useDownloadTask } from "./useDownloadTask";
import { useKeptQuery } from "./useKeptQuery";

export interface PanelTab {
  dimension: StatsDimension;
  label: string;
  /** Once a row of this tab is picked, the tab opens it: it lists this dimension within the pinned value (Google → google.de, google.com). */
  drill?: { dimension: StatsDimension; label: string };
}

/** The tab as shown: its drill-down when one of its values is pinned. */
function shownTab(tab: PanelTab, filters: readonly StatsFilter[]): PanelTab {
  const pinned = filters.find((f) => f.dimension === tab.dimension)?.value;
  if (tab.drill === undefined || pinned === undefined || pinned === "") return tab;
  return { dimension: tab.drill.dimension, label: `${tab.drill.label} of ${pinned}` };
}

interface BreakdownPanelProps {
  title: string;
  tabs: readonly PanelTab[];
  args: DashboardQueryArgs;
  /** What the panel's CSV says about itself; undefined until the chart's buckets are in. */
  csv: CsvContext | undefined;
  onFilter: (filter: StatsFilter) => void;
}

/** One panel of the dashboard: a breakdown by one of its tabs' dimensions, a row click filters everything. */
export function BreakdownPanel({ title, tabs, args, csv, onFilter }: BreakdownPanelProps) {
  const [selected, setSelected] = useState(0);
  const baseId = useId();
  const tab = shownTab(tabs[selected] ?? tabs[0]!, args.filters);
  const headingId = `${baseId}-heading`;
  const tabId = (i: number) => `${baseId}-tab-${i}`;
  const panelId = `${baseId}-panel`;

  // The tab's CSV button goes in the head, beside the tabs: no footer line under short lists.
  const [actions, setActions] = useState<HTMLDivElement | null>(null);

  const onTabKey = (event: KeyboardEvent) => {
    const next = { ArrowLeft: selected - 1, ArrowRight: selected + 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const wrapped = (next + tabs.length) % tabs.length;
    setSelected(wrapped);
    document.getElementById(tabId(wrapped))?.focus();
  };

  return (
    <section className="dash-panel" aria-labelledby={headingId}>
      <div className="dash-panel__head dash-panel__head--tabs">
        <h3 id={headingId}>{title}</h3>
        {tabs.length > 1 && (
          <div role="tablist" aria-label={`${title} by`} className="dash-tabs" onKeyDown={onTabKey}>
            {tabs.map((t, i) => (
              <button
                key={t.dimension}
                id={tabId(i)}
                type="button"
                role="tab"
                aria-selected={i === selected}
                aria-controls={panelId}
                tabIndex={i === selected ? 0 : -1}
                onClick={() => setSelected(i)}
              >
                {t.label}
              </button>
            ))}
          </div>
        )}
        <div className="dash-panel__actions" ref={setActions} />
      </div>
      <div
        id={panelId}
        role={tabs.length > 1 ? "tabpanel" : undefined}
        aria-labelledby={tabs.length > 1 ? tabId(selected) : undefined}
      >
        <BreakdownBody key={tab.dimension} tab={tab} args={args} csv={csv} onFilter={onFilter} actions={actions} />
      </div>
    </section>
  );
}

function BreakdownBody({
  tab,
  args,
  csv,
  onFilter,
  actions,
}: {
  tab: PanelTab;
  args: DashboardQueryArgs;
  csv: CsvContext | undefined;
  onFilter: (f: StatsFilter) => void;
  /** The panel head's slot for the CSV button; null until it is mounted. */
  actions: HTMLElement | null;
}) {
  const query = { ...args, dimension: tab.dimension };
  // A panel asks for the rows it shows (the query's default); the map shades every country.
  const { data, stale } = useKeptQuery(api.dashboard.breakdown, tab.dimension === "country" ? { ...query, limit: MAX_BREAKDOWN_ROWS } : query);
  const pinned = args.filters.find((f) => f.dimension === tab.dimension)?.value;
  return (
    <>
      <div className="dash-panel__body" aria-busy={data === undefined || stale} data-stale={stale || undefined}>
        {data === undefined ? (
          <p role="status" className="dash-placeholder">
            Loading {tab.label.toLowerCase()}…
          </p>
        ) : data.rows.length === 0 ? (
          <p className="dash-placeholder">No {tab.label.toLowerCase()} in this range yet.</p>
        ) : (
          <div className={tab.dimension === "country" ? "dash-geo" : "dash-rows"}>
            {tab.dimension === "country" && (
              <CountryMap rows={data.rows} pinned={pinned} onPick={(value) => onFilter({ dimension: "country", value })} />
            )}
            <BreakdownTable
              caption={tab.label}
              query={query}
              rows={data.rows}
              rowCount={data.rowCount}
              pinned={pinned}
              onPick={(value) => onFilter({ dimension: tab.dimension, value })}
            />
          </div>
        )}
      </div>
      <div className="dash-panel__foot">
        {data?.truncated && <p className="dash-note">Only the top {data.rowCount} are listed.</p>}
        <EstimateNote flags={data} />
        {data?.catchingUp && <CatchingUp />}
      </div>
      {/* Nothing to download from an empty list; disabled, not absent, while loading. */}
      {actions !== null &&
        data?.rows.length !== 0 &&
        createPortal(<PanelCsv label={tab.label} query={query} csv={data === undefined ? undefined : csv} />, actions)}
    </>
  );
}

/** The panel's CSV: every row, asked for once when clicked (the panel itself holds only the rows it shows). */
function PanelCsv({ label, query, csv }: { label: string; query: PanelQueryArgs; csv: CsvContext | undefined }) {
  const convex = useConvex();
  const { busy, failed, run: download } = useDownloadTask(async (context: CsvContext) => {
    const all = await convex.query(api.dashboard.breakdown, { ...query, limit: MAX_BREAKDOWN_ROWS });
    downloadCsv(csvFilename(label, context), breakdownCsv(label, query.dimension, all.rows, context, all));
  });
  return (
    <>
      <button
        type="button"
        className="dash-csv"
        aria-label={`Download ${label} as CSV`}
        title={failed ? "The CSV could not be made; try again." : undefined}
        disabled={csv === undefined || busy}
        onClick={() => csv && void download(csv)}
      >
        {failed ? "CSV failed" : "CSV"}
      </button>
      {failed && (
        <span role="alert" className="visually-hidden">
          The {label} CSV could not be made; try again.
        </span>
      )}
    </>
  );
}
