import { useId, useMemo, useState, type KeyboardEvent, type PointerEvent } from "react";
import "./TrafficChart.css";
import { bucketLabeller, chartTicks, niceMax, publishedByBucket } from "./chartScale";
import { formatCount } from "./format";
import type { DashboardSeries } from "./types";
import { useElementWidth } from "./useElementWidth";

export const CHART_HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 26, left: 44 };
const UNIT = { hour: "hour", day: "day", month: "month" } as const;

/**
 * Views as bars and visitors as a line, in theme colours (CSS variables).
 * Pointer hover and arrow keys pick a bucket and show its values; a hidden
 * table carries every value for screen readers.
 */
export function TrafficChart({ series }: { series: DashboardSeries }) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>(640);
  const [active, setActive] = useState<number | null>(null);
  const tableId = useId();
  const { points } = series;
  const label = useMemo(
    () => bucketLabeller(series.granularity, series.timeZone),
    [series.granularity, series.timeZone],
  );
  const published = useMemo(() => publishedByBucket(series), [series]);

  const innerWidth = Math.max(width - PAD.left - PAD.right, 1);
  const innerHeight = CHART_HEIGHT - PAD.top - PAD.bottom;
  const max = niceMax(Math.max(0, ...points.map((p) => Math.max(p.views, p.visitors))));
  const step = innerWidth / Math.max(points.length, 1);
  const x = (i: number) => PAD.left + (i + 0.5) * step;
  const y = (value: number) => PAD.top + innerHeight - (value / max) * innerHeight;
  const barWidth = Math.max(1, Math.min(step * 0.7, 28));
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.visitors).toFixed(1)}`).join(" ");
  const ticks = chartTicks(max);
  // Three labels where there is room for them, first and last on a phone.
  const lastIndex = points.length - 1;
  const xLabels =
    lastIndex < 2
      ? points.map((_, i) => i)
      : innerWidth < 400
        ? [0, lastIndex]
        : [0, Math.floor(lastIndex / 2), lastIndex];
  const shown = active !== null && active < points.length ? active : null;

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
        aria-label={`Visitors and views per ${UNIT[series.granularity]}. Use the arrow keys to read each ${UNIT[series.granularity]}.`}
        onKeyDown={onKeyDown}
        onFocus={() => setActive((a) => a ?? points.length - 1)}
        onBlur={() => setActive(null)}
      >
        <svg
          width={width}
          height={CHART_HEIGHT}
          aria-hidden="true"
          focusable="false"
          onPointerMove={pick}
          onPointerLeave={() => setActive(null)}
        >
          {ticks.map((tick) => (
            <g key={tick} className="dash-chart__grid">
              <line x1={PAD.left} x2={width - PAD.right} y1={y(tick)} y2={y(tick)} />
              <text x={PAD.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
                {formatCount(tick)}
              </text>
            </g>
          ))}
          {points.map((p, i) => (
            <rect
              key={p.start}
              className={i === shown ? "dash-chart__bar dash-chart__bar--active" : "dash-chart__bar"}
              x={x(i) - barWidth / 2}
              y={y(p.views)}
              width={barWidth}
              height={Math.max(0, y(0) - y(p.views))}
            />
          ))}
          {points.length > 1 && <polyline className="dash-chart__line" points={line} />}
          {points.length === 1 && <circle className="dash-chart__dot" cx={x(0)} cy={y(points[0]!.visitors)} r={3} />}
          {[...published.keys()].map((i) => (
            <path key={i} className="dash-chart__published" d={`M${x(i)},${y(0) + 2} l4,7 h-8 z`} />
          ))}
          {shown !== null && <line className="dash-chart__cursor" x1={x(shown)} x2={x(shown)} y1={PAD.top} y2={y(0)} />}
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
            <ChartTip
              label={label(points[shown]!.start)}
              visitors={points[shown]!.visitors}
              views={points[shown]!.views}
              published={published.get(shown) ?? []}
            />
          )}
        </div>
      </div>
      <ul className="dash-chart__legend" aria-hidden="true">
        <li className="dash-chart__key dash-chart__key--visitors">Visitors</li>
        <li className="dash-chart__key dash-chart__key--views">Views</li>
        {published.size > 0 && <li className="dash-chart__key dash-chart__key--published">Post published</li>}
      </ul>
      {/* Tables ignore a 1 px width, so the wrapper is what gets hidden. */}
      <div className="visually-hidden">
        <table id={tableId}>
          <caption>Visitors and views per {UNIT[series.granularity]}</caption>
          <thead>
            <tr>
              <th scope="col">{UNIT[series.granularity]}</th>
              <th scope="col">Visitors</th>
              <th scope="col">Views</th>
              <th scope="col">Published</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p, i) => (
              <tr key={p.start}>
                <th scope="row">
                  <time dateTime={new Date(p.start).toISOString()}>{label(p.start)}</time>
                </th>
                <td>{p.visitors}</td>
                <td>{p.views}</td>
                <td>{(published.get(i) ?? []).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ChartTip({
  label,
  visitors,
  views,
  published,
}: {
  label: string;
  visitors: number;
  views: number;
  published: string[];
}) {
  return (
    <>
      <strong>{label}</strong>
      <span>
        {formatCount(visitors)} visitors · {formatCount(views)} views
      </span>
      {published.map((title) => (
        <span key={title} className="dash-chart__tip-post">
          Published: {title}
        </span>
      ))}
    </>
  );
}
