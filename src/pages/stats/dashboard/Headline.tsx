import { useId } from "react";
import { api } from "../../../../convex/_generated/api";
import { CatchingUp } from "./CatchingUp";
import { Approx, sampleText, VISITORS_ESTIMATE } from "./Estimate";
import type { DefinedTerm } from "./definitions";
import { formatCount, formatDecimal, formatDuration, formatPercent } from "./format";
import { Term } from "./Term";
import type { CompareWith } from "../../../../convex/validators";
import type { ChartMetric } from "./chartParams";
import type { DashboardQueryArgs, Headline as HeadlineFigures } from "./types";
import { useKeptQuery } from "./useKeptQuery";

interface Figure {
  key: keyof HeadlineFigures;
  term: DefinedTerm;
  label: string;
  format: (value: number) => string;
  /** Rates compare in percentage points; counts and means in percent. */
  points?: boolean;
}

const FIGURES: readonly Figure[] = [
  { key: "visitors", term: "visitors", label: "Visitors", format: formatCount },
  { key: "visits", term: "visits", label: "Visits", format: formatCount },
  { key: "views", term: "views", label: "Views", format: formatCount },
  { key: "viewsPerVisit", term: "viewsPerVisit", label: "Views per visit", format: formatDecimal },
  { key: "bounceRate", term: "bounceRate", label: "Bounce rate", format: formatPercent, points: true },
  { key: "visitDurationMs", term: "visitDuration", label: "Visit duration", format: formatDuration },
];

/** Shown when neither period has a visit: there is nothing to compare. */
export const NO_COMPARISON = "—";

/**
 * The change against the previous period, by one rule (prds/frontend.md,
 * "Change labels"): counts and means in percent ("+12%"), rates in
 * percentage points ("+4 pp"), rounded to whole numbers, "±0%"/"±0 pp" when
 * that rounds to zero. When the previous period had no visits (or a count or
 * mean was 0), every such figure reads "new", or "—" when this period has
 * none either: a rate "+13 pp" from an empty period would compare with nothing.
 */
export function changeText(
  current: number,
  previous: number,
  points = false,
  visits: { current: number; previous: number } = { current: 1, previous: 1 },
): string {
  if (visits.previous === 0) return visits.current === 0 ? NO_COMPARISON : "new";
  if (points) {
    const diff = Math.round((current - previous) * 100);
    return diff === 0 ? "±0 pp" : `${diff > 0 ? "+" : "−"}${Math.abs(diff)} pp`;
  }
  if (previous === 0) return current === 0 ? "±0%" : "new";
  const change = Math.round(((current - previous) / previous) * 100);
  return change === 0 ? "±0%" : `${change > 0 ? "+" : "−"}${Math.abs(change)}%`;
}

function Change({ text, against }: { text: string; against: string }) {
  if (text === NO_COMPARISON) {
    return (
      <>
        <span aria-hidden="true">{text}</span>
        <span className="visually-hidden">no visits in either period to compare</span>
      </>
    );
  }
  return (
    <>
      {text}
      <span className="visually-hidden"> compared with {against}</span>
    </>
  );
}

const AGAINST: Record<CompareWith, string> = { previous: "the previous period", year: "the same period last year", none: "" };

interface HeadlineProps {
  args: DashboardQueryArgs;
  /** The figure the chart shows; each figure is a toggle button that charts it. */
  metric?: ChartMetric;
  onMetric?: (metric: ChartMetric) => void;
}

export function Headline({ args, metric = "visitors", onMetric }: HeadlineProps) {
  const { data, stale } = useKeptQuery(api.dashboard.summary, args);
  const hintId = useId();
  return (
    <div className="dash-headline" aria-busy={data === undefined || stale} data-stale={stale || undefined}>
      <p id={hintId} hidden>
        Shows this figure on the chart
      </p>
      <dl className="dash-figures">
        {FIGURES.map((figure) => {
          const value = data?.current[figure.key];
          const previous = data?.previous?.[figure.key];
          const sampled = data?.sampleVisits ?? null;
          const approximate = sampled !== null ? sampleText(sampled) : figure.key === "visitors" && data?.visitorsApproximate ? VISITORS_ESTIMATE : null;
          return (
            <div key={figure.key} className="dash-figure" data-selected={figure.key === metric || undefined}>
              <dt>
                <Term term={figure.term}>{figure.label}</Term>
              </dt>
              <dd className="dash-figure__value">
                {/* The button spans the card (CSS): clicking anywhere but the "?" charts the figure. */}
                <button
                  type="button"
                  className="dash-figure__pick"
                  aria-pressed={figure.key === metric}
                  aria-describedby={hintId}
                  onClick={() => onMetric?.(figure.key)}
                >
                  {value === undefined ? (
                    <span className="dash-skeleton" aria-hidden="true" />
                  ) : (
                    <>
                      {approximate !== null && <Approx title={approximate} />}
                      {figure.format(value)}
                    </>
                  )}
                </button>
              </dd>
              <dd className="dash-figure__change">
                {value !== undefined && previous !== undefined && data?.previous ? (
                  <Change
                    against={AGAINST[args.compare ?? "previous"]}
                    text={changeText(value, previous, figure.points, {
                      current: data.current.visits,
                      previous: data.previous.visits,
                    })}
                  />
                ) : (
                  "\u00a0"
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      {data === undefined && (
        <p role="status" className="visually-hidden">
          Loading figures…
        </p>
      )}
      {data?.catchingUp && <CatchingUp />}
    </div>
  );
}
