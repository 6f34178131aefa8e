import type { LinkRow } from "../../../../../convex/validators";
import { formatCount } from "../format";
import { fromLabel } from "./linkExports";

interface LinkTableProps {
  caption: string;
  /** The first column's heading. */
  heading: string;
  countLabel: string;
  fromHeading: string;
  rows: readonly LinkRow[];
  pinned?: string | null;
  /** A row's value is a button when given. */
  onPick?: (value: string) => void;
  /** How a row's value reads (the host, the URL without its scheme…). */
  label?: (row: LinkRow) => string;
}

export function LinkTable({ caption, heading, countLabel, fromHeading, rows, pinned, onPick, label = (row) => row.value }: LinkTableProps) {
  const top = Math.max(1, ...rows.map((r) => r.visitors));
  return (
    <table className="dash-table dash-links">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col" className="dash-num">Visitors</th>
          <th scope="col" className="dash-num">{countLabel}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.value} style={{ "--share": `${(row.visitors / top) * 100}%` } as React.CSSProperties}>
            <th scope="row">
              {onPick === undefined ? (
                <span className="dash-links__value" title={row.value}>{label(row)}</span>
              ) : (
                <button type="button" className="dash-row-filter" aria-pressed={pinned === row.value} title={row.value} onClick={() => onPick(row.value)}>
                  {label(row)}
                </button>
              )}
              {row.nowExists && <span className="dash-links__tag"> now a page</span>}
              <span className="dash-links__from">
                {fromHeading}: {row.froms.map((f) => `${fromLabel(f)} (${formatCount(f.count)})`).join(", ")}
              </span>
            </th>
            <td className="dash-num">{formatCount(row.visitors)}</td>
            <td className="dash-num">{formatCount(row.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
