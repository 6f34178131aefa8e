import { useState } from "react";
import { PANEL_ROWS } from "../../../../convex/constants";
import { AllRowsDialog } from "./AllRowsDialog";
import { formatCount, formatDuration, formatPercent } from "./format";
import { rowLabel } from "./labels";
import { Term } from "./Term";
import type { BreakdownRow, PanelQueryArgs } from "./types";

/** Rows a panel lists (what its query answers); the rest are in the "Show all" dialog. A panel is only as tall as its rows. */
export const VISIBLE_ROWS = PANEL_ROWS;

interface BreakdownTableProps {
  caption: string;
  /** The panel's query; "Show all" asks for every row of it. */
  query: PanelQueryArgs;
  /** At least the first VISIBLE_ROWS rows. */
  rows: readonly BreakdownRow[];
  /** Rows the whole list has. */
  rowCount: number;
  /** The value this dimension is filtered to, if any. */
  pinned: string | undefined;
  onPick: (value: string) => void;
}

export function BreakdownTable({ caption, query, rows, rowCount, pinned, onPick }: BreakdownTableProps) {
  const { dimension } = query;
  const [all, setAll] = useState(false);
  const withEngagement = dimension === "page";
  const top = Math.max(1, ...rows.map((r) => r.visitors));
  const shown = rows.slice(0, VISIBLE_ROWS);
  return (
    <>
      <table className="dash-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              {dimension === "source" || dimension === "channel" ? <Term term={dimension}>{caption}</Term> : caption}
            </th>
            <th scope="col" className="dash-num">
              <Term term="visitors">Visitors</Term>
            </th>
            <th scope="col" className="dash-num">
              <Term term="views">Views</Term>
            </th>
            {withEngagement && (
              <>
                <th scope="col" className="dash-num">
                  <Term term="engagedTime">Engaged</Term>
                </th>
                <th scope="col" className="dash-num">
                  <Term term="readCompletion">Read</Term>
                </th>
                <th scope="col" className="dash-num">
                  <Term term="scrollDepth">Scroll</Term>
                </th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => {
            const label = rowLabel(dimension, row.value, row.label);
            return (
              <tr key={row.value} style={{ "--share": `${(row.visitors / top) * 100}%` } as React.CSSProperties}>
                <th scope="row">
                  <button
                    type="button"
                    className="dash-row-filter"
                    aria-pressed={pinned === row.value}
                    title={row.value === "" ? label : row.value}
                    onClick={() => onPick(row.value)}
                  >
                    {label}
                  </button>
                </th>
                <td className="dash-num">{formatCount(row.visitors)}</td>
                <td className="dash-num">{formatCount(row.views)}</td>
                {withEngagement && (
                  <>
                    <td className="dash-num">{row.engagedMs === null ? "—" : formatDuration(row.engagedMs)}</td>
                    <td className="dash-num">{row.completion === null ? "—" : formatPercent(row.completion)}</td>
                    <td className="dash-num">{row.scroll === undefined ? "—" : formatPercent(row.scroll)}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rowCount > VISIBLE_ROWS && (
        <button type="button" className="dash-more" aria-haspopup="dialog" onClick={() => setAll(true)}>
          Show all {rowCount}
        </button>
      )}
      {all && <AllRowsDialog title={caption} query={query} pinned={pinned} onPick={onPick} onClose={() => setAll(false)} />}
    </>
  );
}
