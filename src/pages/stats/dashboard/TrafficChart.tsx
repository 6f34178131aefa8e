import { useId, useMemo, useState, type KeyboardEvent, type PointerEvent } from "react";
import "./TrafficChart.css";
import { COMPARE_LABELS, type ChartMetric } from "./chartParams";
import { METRIC_SPECS, segments } from "./chartMetrics";
import { bucketLabeller, publishedByBucket } from "./chartScale";
import type { DashboardSeries } from "./types";
import { useElementWidth } from "./useElementWidth";

export const CHART_HEIGHT = 180;
const PAD = { top: 12, right: 8, bottom: 26, left: 52 };
const UNIT = { hour: "hour", day: "day", week: "week", month: "month" } as const;

/**
 * The chosen metric as a line over a light area, the compared period as a
 * dotted line, in theme colours (CSS variables). Pointer hover and arrow keys
 * pick a bucket and show both values; a hidden table carries every value for
 * screen readers.
 */
export function TrafficChart({ series, metric = "visitors" }: { series: DashboardSeries; metric?: ChartMetric }) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>(640);
  const [active, setActive] = useState<number | null>(null);
  const tableId = useId();
  const { points } = series;
  const spec = METRIC_SPECS[metric];
  const unit = UNIT[series.granularity];
  const label = useMemo(
    () => bucketLabeller(series.granularity, series.timeZone),
    [series.granularity, series.timeZone],
  );
  const published = useMemo(() => publishedByBucket(series), [series]);
  const values = points.map(spec.value);
  // The compared period, bucket by bucket, cut to the buckets shown (today stops at now, so does its comparison).
  const before = series.previous?.slice(0, points.length) ?? null;
  const previous = before?.map(spec.value) ?? null;
  const compareLabel = COMPARE_LABELS[series.compare];

  const innerWidth = Math.max(width - PAD.left - PAD.right, 1);
  const innerHeight = CHART_HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(0, ...values.map((v) => v ?? 0), ...(previous ?? []).map((v) => v ?? 0));
  const { top, ticks } = spec.scale(max);
  const step = innerWidth / Math.max(points.length, 1);
  const x = (i: number) => PAD.left + (i + 0.5) * step;
  const y = (value: number) => PAD.top + innerHeight - (Math.min(value, top) / top) * innerHeight;
  const path = (run: Array<{ index: number; value: number }>) =>
    run.map((p) => `${x(p.index).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  const runs = segments(values);
  const previousRuns = previous === null ? [] : segments(previous);
  // Three labels where there is room for them, first and last on a phone.
  const lastIndex = points.length - 1;
  const xLabels =
    lastIndex < 2
      ? points.map((_, i) => i)
      : innerWidth < 400
        ? [0, lastIndex]
        : [0, Math.floor(lastIndex / 2), lastIndex];
  const shown = active !== null && active < points.length ? active : null;
  const show = (value: number | null) => (value === null ? "no visits" : spec.format(value));

  const pick = (event: PointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const index = Math.floor((event.clientX - box.left - PAD.left) / step);
    setActive(index >= 0 && index < points.length ? index : null);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const last = points.length - 1;
    const from = shown ?? last;
    const next = {
      ArrowLeft: from - 1,
      ArrowRight: from + 1,
      Home: 0,
      End: last,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setActive(Math.max(0, Math.min(last, next)));
  };

  return (
    <div className="dash-chart" ref={boxRef}>
      <div
        className="dash-chart__plot"
        tabIndex={0}
        role="group"
        aria-roledescription="chart"
        aria-label={`${spec.label} per ${unit}${before ? `, with the ${compareLabel.toLowerCase()}` : ""}. Use the arrow keys to read each ${unit}.`}
        onKeyDown={onKeyDown}
        onFocus={() => setActive((a) => a ?? points.length - 1)}
        onBlur={() => setActive(null)}
      >
        <svg
          width={width}
          height={CHART_HEIGHT}
          aria-hidden="true"
          focusable="false"
          data-metric={metric}
          onPointerMove={pick}
          onPointerLeave={() => setActive(null)}
        >
          {ticks.map((tick) => (
            <g key={tick} className="dash-chart__grid">
              <line x1={PAD.left} x2={width - PAD.right} y1={y(tick)} y2={y(tick)} />
              <text x={PAD.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
                {spec.format(tick)}
              </text>
            </g>
          ))}
          {runs.map((run) =>
            run.length > 1 ? (
              <polygon
                key={`area-${run[0]!.index}`}
                className="dash-chart__area"
                points={`${x(run[0]!.index).toFixed(1)},${y(0)} ${path(run)} ${x(run.at(-1)!.index).toFixed(1)},${y(0)}`}
              />
            ) : null,
          )}
          {previousRuns.map((run) =>
            run.length > 1 ? (
              <polyline key={`prev-${run[0]!.index}`} className="dash-chart__line dash-chart__line--previous" points={path(run)} />
            ) : (
              <circle key={`prev-${run[0]!.index}`} className="dash-chart__dot--previous" cx={x(run[0]!.index)} cy={y(run[0]!.value)} r={2.5} />
            ),
          )}
          {runs.map((run) =>
            run.length > 1 ? (
              <polyline key={run[0]!.index} className="dash-chart__line" points={path(run)} />
            ) : (
              <circle key={run[0]!.index} className="dash-chart__dot" cx={x(run[0]!.index)} cy={y(run[0]!.value)} r={3} />
            ),
          )}
          {[...published.keys()].map((i) => (
            <path key={i} className="dash-chart__published" d={`M${x(i)},${y(0) + 2} l4,7 h-8 z`} />
          ))}
          {shown !== null && <line className="dash-chart__cursor" x1={x(shown)} x2={x(shown)} y1={PAD.top} y2={y(0)} />}
          {shown !== null && values[shown] !== null && (
            <circle className="dash-chart__dot" cx={x(shown)} cy={y(values[shown]!)} r={3.5} />
          )}
          {xLabels.map((i) => (
            <text
              key={i}
              className="dash-chart__axis"
              x={x(i)}
              y={CHART_HEIGHT - 6}
              textAnchor={i === 0 ? "start" : i === points.length - 1 ? "end" : "middle"}
            >
              {label(points[i]!.start)}
            </text>
          ))}
        </svg>
        <div className="dash-chart__tip" aria-live="polite" data-open={shown !== null || undefined}>
          {shown !== null && (
            <>
              <strong>{label(points[shown]!.start)}</strong>
              <span>
                {spec.label}: {show(values[shown]!)}
              </span>
              {before?.[shown] !== undefined && (
                <span className="dash-chart__tip-previous">
                  {compareLabel} ({label(before[shown]!.start)}): {show(previous![shown]!)}
                </span>
              )}
              {(published.get(shown) ?? []).map((title) => (
                <span key={title} className="dash-chart__tip-post">
                  Published: {title}
                </span>
              ))}
            </>
          )}
        </div>
      </div>
      <ul className="dash-chart__legend" aria-hidden="true">
        <li className="dash-chart__key dash-chart__key--metric">{spec.label}</li>
        {previousRuns.length > 0 && <li className="dash-chart__key dash-chart__key--previous">{compareLabel}</li>}
        {published.size > 0 && <li className="dash-chart__key dash-chart__key--published">Post published</li>}
      </ul>
      {/* Tables ignore a 1 px width, so the wrapper is what gets hidden. */}
      <div className="visually-hidden">
        <table id={tableId}>
          <caption>
            {spec.label} per {unit}
          </caption>
          <thead>
            <tr>
              <th scope="col">{unit}</th>
              <th scope="col">{spec.label}</th>
              {before && <th scope="col">{compareLabel}</th>}
              <th scope="col">Published</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p, i) => (
              <tr key={p.start}>
                <th scope="row">
                  <time dateTime={new Date(p.start).toISOString()}>{label(p.start)}</time>
                </th>
                <td>{show(values[i]!)}</td>
                {before && <td>{before[i] === undefined ? "" : show(previous![i]!)}</td>}
                <td>{(published.get(i) ?? []).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
