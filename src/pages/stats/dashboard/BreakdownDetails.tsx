import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { StatsDimension } from "../../../../convex/validators";
import { formatCount, formatDuration, formatPercent } from "./format";
import { rowLabel } from "./labels";
import type { BreakdownRow } from "./types";

type SortKey = "label" | "visitors" | "views" | "engagedMs" | "completion" | "scroll";

interface Column {
  key: SortKey;
  label: string;
  numeric: boolean;
}

interface BreakdownDetailsProps {
  title: string;
  dimension: StatsDimension;
  /** Every row; undefined while they load. */
  rows: readonly BreakdownRow[] | undefined;
  pinned: string | undefined;
  onPick: (value: string) => void;
  onClose: () => void;
}

const FOCUSABLE = "button, input, [tabindex='0']";

/** Sorts a copy; nulls (no engagement measured) go last whichever way. */
export function sortRows(
  rows: readonly (BreakdownRow & { shown: string })[],
  key: SortKey,
  descending: boolean,
): (BreakdownRow & { shown: string })[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (key === "label") return sign * a.shown.localeCompare(b.shown);
    const x = a[key] ?? null;
    const y = b[key] ?? null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (x - y);
  });
}

/**
 * Every row of a panel in a modal dialog, with a search box and sortable
 * columns. The native modal keeps focus inside and closes on Escape; the Tab
 * handler and the Escape handler repeat that for browsers (and jsdom) without it.
 */
export function BreakdownDetails({ title, dimension, rows, pinned, onPick, onClose }: BreakdownDetailsProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const searchId = useId();
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "visitors", descending: true });
  const withEngagement = dimension === "page";
  const columns: Column[] = [
    { key: "label", label: title, numeric: false },
    { key: "visitors", label: "Visitors", numeric: true },
    { key: "views", label: "Views", numeric: true },
    ...(withEngagement
      ? [
          { key: "engagedMs" as const, label: "Engaged", numeric: true },
          { key: "completion" as const, label: "Read", numeric: true },
          { key: "scroll" as const, label: "Scroll", numeric: true },
        ]
      : []),
  ];

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
    dialog.querySelector<HTMLInputElement>("input")?.focus();
    return () => opener?.focus();
  }, []);

  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const labelled = (rows ?? []).map((row) => ({ ...row, shown: rowLabel(dimension, row.value, row.label) }));
    const matching = needle
      ? labelled.filter((row) => `${row.shown} ${row.value}`.toLowerCase().includes(needle))
      : labelled;
    return sortRows(matching, sort.key, sort.descending);
  }, [rows, dimension, query, sort]);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
      return;
    }
    if (event.key !== "Tab") return;
    const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className="dash-details"
      aria-labelledby={headingId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dash-details__head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" className="dash-details__close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <label htmlFor={searchId} className="dash-details__search">
        Search{" "}
        <input id={searchId} type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
      </label>
      <p className="dash-note" role="status">
        {rows === undefined
          ? "Loading all rows…"
          : shown.length === rows.length
            ? `${rows.length} rows`
            : `${shown.length} of ${rows.length} rows`}
      </p>
      <div className="dash-details__body" aria-busy={rows === undefined}>
        <table className="dash-table">
          <caption className="visually-hidden">{title}, all rows</caption>
          <thead>
            <tr>
              {columns.map((column) => {
                const active = sort.key === column.key;
                return (
                  <th
                    key={column.key}
                    scope="col"
                    className={column.numeric ? "dash-num" : undefined}
                    aria-sort={active ? (sort.descending ? "descending" : "ascending") : undefined}
                  >
                    <button
                      type="button"
                      className="dash-sort"
                      onClick={() =>
                        setSort({ key: column.key, descending: active ? !sort.descending : column.numeric })
                      }
                    >
                      {column.label}
                      <span aria-hidden="true">{active ? (sort.descending ? " ↓" : " ↑") : ""}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.value}>
                <th scope="row">
                  <button
                    type="button"
                    className="dash-row-filter"
                    aria-pressed={pinned === row.value}
                    title={row.value === "" ? row.shown : row.value}
                    onClick={() => {
                      onPick(row.value);
                      onClose();
                    }}
                  >
                    {row.shown}
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
            ))}
          </tbody>
        </table>
      </div>
    </dialog>
  );
}
