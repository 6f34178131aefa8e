import { api } from "../../../../convex/_generated/api";
import { formatCount } from "./format";
import type { CsvContext } from "./csvContext";
import { searchTermsCsv } from "./insightExports";
import { InsightPanel } from "./InsightPanel";
import type { DashboardQueryArgs } from "./types";
import { useKeptQuery } from "./useKeptQuery";

/** Terms listed; the CSV has every one. */
export const VISIBLE_TERMS = 10;

/** What readers searched for; searches that found nothing first: the writer's to-do list. */
export function SearchTermsPanel({ args, csv }: { args: DashboardQueryArgs; csv?: CsvContext }) {
  const { data, stale } = useKeptQuery(api.searchStats.terms, args);
  const rows = data?.rows ?? [];
  return (
    <InsightPanel
      title="Searches"
      term="searches"
      loaded={data !== undefined}
      stale={stale}
      empty={rows.length === 0}
      emptyText="No searches in this range yet."
      truncated={data?.truncated ?? false}
      context={csv}
      filtered={args.filters.length > 0}
      unfiltered="Not filtered: searches are kept per day in aggregate only, so this shows all searches, whatever the filters."
      exports={[{ label: "Searches", csv: () => (data ? searchTermsCsv(data) : "") }]}
    >
      <table className="dash-table dash-terms">
        <caption className="visually-hidden">Search terms, those with searches that found nothing first</caption>
        <thead>
          <tr>
            <th scope="col">Term</th>
            <th scope="col" className="dash-num">
              Searches
            </th>
            <th scope="col" className="dash-num">
              Results
            </th>
            <th scope="col" className="dash-num">
              Opened
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, VISIBLE_TERMS).map((row) => (
            <tr key={row.term} data-zero={row.zeroResults > 0 || undefined}>
              <th scope="row">
                <span className="dash-term">{row.term}</span>
                {row.zeroResults > 0 && <span className="dash-badge">{row.zeroResults === row.searches ? "no result" : `${formatCount(row.zeroResults)} with no result`}</span>}
                {row.topOpened !== null && <span className="dash-opened">→ /{row.topOpened}</span>}
              </th>
              <td className="dash-num">{formatCount(row.searches)}</td>
              <td className="dash-num">{formatCount(row.results)}</td>
              <td className="dash-num">{formatCount(row.opens)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > VISIBLE_TERMS && <p className="dash-note">The top {VISIBLE_TERMS} of {formatCount(rows.length)} terms; the CSV has them all.</p>}
    </InsightPanel>
  );
}
