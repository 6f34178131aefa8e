import { api } from "../../../../convex/_generated/api";
import { CatchingUp } from "./CatchingUp";
import { EstimateNote } from "./Estimate";
import { downloadCsv } from "./csv";
import { csvFilename, seriesCsv } from "./exports";
import { TrafficChart } from "./TrafficChart";
import type { DashboardQueryArgs } from "./types";
import { useKeptQuery } from "./useKeptQuery";

const HEADING_ID = "dash-chart-heading";

export function ChartSection({ args }: { args: DashboardQueryArgs }) {
  const { data, stale } = useKeptQuery(api.dashboard.series, args);
  const empty = data !== undefined && data.points.every((p) => p.views === 0 && p.visitors === 0);
  return (
    <section
      className="dash-panel dash-chart-section"
      aria-labelledby={HEADING_ID}
      aria-busy={data === undefined || stale}
    >
      <div className="dash-panel__head">
        <h3 id={HEADING_ID}>Visitors and views</h3>
        <button
          type="button"
          className="dash-csv"
          aria-label="Download the chart series as CSV"
          disabled={data === undefined}
          onClick={() => data && downloadCsv(csvFilename("series", args.range), seriesCsv(data))}
        >
          CSV
        </button>
      </div>
      <div className="dash-chart-slot" data-stale={stale || undefined}>
        {data === undefined ? (
          <p role="status" className="dash-placeholder">
            Loading chart…
          </p>
        ) : data.points.length === 0 ? (
          <p className="dash-placeholder">No views in this range yet.</p>
        ) : (
          <>
            <TrafficChart series={data} />
            {empty && <p className="dash-chart__empty">No views in this range yet.</p>}
          </>
        )}
      </div>
      <EstimateNote flags={data} />
      {data?.catchingUp && <CatchingUp />}
    </section>
  );
}
