import { useMemo } from "react";
import { api } from "../../../../convex/_generated/api";
import type { ChartInterval } from "../../../../convex/validators";
import { CatchingUp } from "./CatchingUp";
import { INTERVAL_LABELS, type ChartMetric } from "./chartParams";
import { METRIC_SPECS } from "./chartMetrics";
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

interface ChartSectionProps {
  args: DashboardQueryArgs & { interval?: ChartInterval };
  metric: ChartMetric;
  onInterval: (interval: ChartInterval) => void;
  /** What the CSV's name and first line say about the view; undefined until known. */
  csv: CsvContext | undefined;
}

export function ChartSection({ args, metric, onInterval, csv }: ChartSectionProps) {
  const { data: answer, stale } = useKeptQuery(api.dashboard.series, args);
  const now = useNow(CLOCK_STEP_MS);
  const data = useMemo(() => answer && pastOnly(answer, now), [answer, now]);
  const empty = data !== undefined && data.points.every((p) => p.views === 0 && p.visitors === 0);
  const spec = METRIC_SPECS[metric];
  const hoursGone = data !== undefined && data.compare !== "none" && data.previous === null && data.granularity === "hour";
  return (
    <section
      className="dash-panel dash-chart-section"
      aria-labelledby={HEADING_ID}
      aria-busy={data === undefined || stale}
    >
      <div className="dash-panel__head">
        <h3 id={HEADING_ID}>{spec.label}</h3>
        <div className="dash-chart__controls">
          {data !== undefined && data.intervals.length > 1 && (
            <div className="dash-intervals" role="group" aria-label="Interval">
              {data.intervals.map((interval) => (
                <button
                  key={interval}
                  type="button"
                  aria-pressed={interval === data.granularity}
                  onClick={() => onInterval(interval)}
                >
                  {INTERVAL_LABELS[interval]}
                </button>
              ))}
            </div>
          )}
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
      </div>
      <div className="dash-chart-slot" data-stale={stale || undefined}>
        {data === undefined ? (
          <p role="status" className="dash-placeholder">
            Loading chart…
          </p>
        ) : (
          <>
            {data.points.length > 0 && <TrafficChart series={data} metric={metric} />}
            {/* Over the chart's reserved box: the hint arriving moves nothing. Under a filter, the filter is why. */}
            {empty && (
              <div className="dash-chart__empty">
                {args.filters.length === 0 ? <FirstViewHint /> : <p>No views in this range yet.</p>}
              </div>
            )}
          </>
        )}
      </div>
      {hoursGone && <p className="dash-note">Hourly figures are kept for 7 days, so this comparison has no line.</p>}
      <EstimateNote flags={data} />
      {data?.catchingUp && <CatchingUp />}
    </section>
  );
}
