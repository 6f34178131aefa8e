import { useMemo } from "react";
import { api } from "../../../../convex/_generated/api";
import { CatchingUp } from "./CatchingUp";
import { pastOnly } from "./chartScale";
import { EstimateNote } from "./Estimate";
import { downloadCsv } from "./csv";
import { csvFilename, type CsvContext } from "./csvContext";
import { seriesCsv } from "./exports";
import { FirstViewHint } from "./FirstViewHint";
import { TrafficChart } from "./TrafficChart";
import type { DashboardQueryArgs } from "./types";
import { useKeptQuery } from "./useKeptQuery";
import { useNow } from "./useNow";

/** How often the chart drops buckets that have begun meanwhile (the query's anchor moves hourly). */
const CLOCK_STEP_MS = 60 * 1000;

const HEADING_ID = "dash-chart-heading";

export function ChartSection({ args, csv }: { args: DashboardQueryArgs; csv: CsvContext | undefined }) {
  const { data: answer, stale } = useKeptQuery(api.dashboard.series, args);
  const now = useNow(CLOCK_STEP_MS);
  const data = useMemo(() => answer && pastOnly(answer, now), [answer, now]);
  const empty = data !== undefined && data.points.every((p) => p.views === 0 && p.visitors === 0);
  return (
    <section
      className="dash-panel dash-chart-section"
      aria-labelledby={HEADING_ID}
      aria-busy={data === undefined || stale}
    >
      <div className="dash-panel__head">
        <h3 id={HEADING_ID}>Visitors and views</h3>
        {!empty && (
          <button
            type="button"
            className="dash-csv"
            aria-label="Download the chart series as CSV"
            disabled={data === undefined || csv === undefined}
            onClick={() => data && csv && downloadCsv(csvFilename("chart", csv), seriesCsv(data, csv))}
          >
            CSV
          </button>
        )}
      </div>
      <div className="dash-chart-slot" data-stale={stale || undefined}>
        {data === undefined ? (
          <p role="status" className="dash-placeholder">
            Loading chart…
          </p>
        ) : (
          <>
            {data.points.length > 0 && <TrafficChart series={data} />}
            {/* Over the chart's reserved box: the hint arriving moves nothing. Under a filter, the filter is why. */}
            {empty && (
              <div className="dash-chart__empty">
                {args.filters.length === 0 ? <FirstViewHint /> : <p>No views in this range yet.</p>}
              </div>
            )}
          </>
        )}
      </div>
      <EstimateNote flags={data} />
      {data?.catchingUp && <CatchingUp />}
    </section>
  );
}
