import type { ReactNode } from "react";
import type { StatsFilter } from "../../../../convex/validators";
import { downloadInContext, type CsvContext } from "./csvContext";
import { formatDay } from "./format";
import type { DefinedTerm } from "./definitions";
import { Term } from "./Term";

interface InsightPanelProps {
  title: string;
  term: DefinedTerm;
  /** Undefined while loading. */
  loaded: boolean;
  stale: boolean;
  empty: boolean;
  emptyText: string;
  /** The range held more than one read takes: only the days from this one on are counted. */
  countedFrom?: number;
  /** Each CSV the panel offers: its button's label and what it downloads. */
  exports: ReadonlyArray<{ label: string; csv: () => string }>;
  /** The view the files describe; undefined until the chart has told its days. */
  context: CsvContext | undefined;
  /** Dashboard filters are set: the panel, which they can't narrow, says so (`unfiltered`). */
  filtered: boolean;
  unfiltered: string;
  /** More notes for the foot (what a filter leaves out). */
  notes?: ReactNode;
  /** The dashboard filters the figures follow, named in the CSV's header line; none by default. */
  applied?: (filter: StatsFilter) => boolean;
  /** How the figures are estimated, said in the CSV's header line; undefined when they are exact. */
  estimate?: string;
  children: ReactNode;
}

/** A panel over an aggregate-only store (searches, feeds): the dashboard panel's frame; what filters it follows, it says. */
export function InsightPanel({ title, term, loaded, stale, empty, emptyText, countedFrom, exports, context, filtered, unfiltered, notes, applied = () => false, estimate, children }: InsightPanelProps) {
  // Named by its title alone: the heading also holds the definition's help button.
  return (
    <section className="dash-panel" aria-label={title}>
      <div className="dash-panel__head">
        <h3>
          <Term term={term}>{title}</Term>
        </h3>
      </div>
      <div className="dash-panel__body" aria-busy={!loaded || stale} data-stale={stale || undefined}>
        {!loaded ? (
          <p role="status" className="dash-placeholder">
            Loading {title.toLowerCase()}…
          </p>
        ) : empty ? (
          <p className="dash-placeholder">{emptyText}</p>
        ) : (
          children
        )}
      </div>
      <div className="dash-panel__foot">
        {filtered && (
          <p className="dash-note" role="note">
            {unfiltered}
          </p>
        )}
        {notes}
        {countedFrom !== undefined && (
          <p className="dash-note" role="note">
            Counted from {formatDay(countedFrom, context?.timeZone)}: the rest of the range did not fit one read. Pick a shorter range to see all of it.
          </p>
        )}
        {loaded &&
          !empty &&
          exports.map(({ label, csv }) => (
            <button
              key={label}
              type="button"
              className="dash-csv"
              aria-label={`Download ${label} as CSV`}
              disabled={context === undefined}
              // The file names only the filters its figures follow.
              onClick={() => context && downloadInContext(label, context, csv(), applied, estimate)}
            >
              {exports.length > 1 ? `${label} CSV` : "CSV"}
            </button>
          ))}
      </div>
    </section>
  );
}
