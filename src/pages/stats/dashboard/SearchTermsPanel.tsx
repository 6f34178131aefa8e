import { api } from "../../../../convex/_generated/api";
import type { SearchTerms } from "../../../../convex/validators";
import { Approx } from "./Estimate";
import { formatCount, formatDay } from "./format";
import type { CsvContext } from "./csvContext";
import { searchTermsCsv } from "./insightExports";
import { InsightPanel } from "./InsightPanel";
import type { DashboardQueryArgs } from "./types";
import { useKeptQuery } from "./useKeptQuery";

/** Terms listed; the CSV has every one. */
export const VISIBLE_TERMS = 10;

type Sample = NonNullable<SearchTerms["sample"]>;

/** Why the figures are a sample, and of how much: the ≈ mark's tooltip and the CSV's first line. */
export function searchSampleText(sample: Sample, filtered: boolean, timeZone?: string): string {
  const docs = filtered ? "documents matching the first filter (a term's searches on one day from one kind of visit)" : "documents (a term's searches on one day)";
  return `sample: counted from searches since ${formatDay(sample.from, timeZone)}, the latest ${formatCount(sample.docs)} ${docs}; the rest of the range did not fit one read`;
}

/** When the figures are a sample of the range, and (under filters) the days they can't answer. */
function FilterNotes({ data, filtered, timeZone }: { data: SearchTerms | undefined; filtered: boolean; timeZone: string | undefined }) {
  return (
    <>
      {data?.sample !== undefined && (
        <p className="dash-note" role="note">
          <Approx title={searchSampleText(data.sample, filtered, timeZone)} /> Sample: counted from searches since {formatDay(data.sample.from, timeZone)}; the rest of the range did not fit one read.
        </p>
      )}
      {data?.contextFrom !== undefined && (
        <p className="dash-note" role="note">
          Filtered from {formatDay(data.contextFrom, timeZone)} on: older searches were kept without their visit and can't be filtered.
        </p>
      )}
    </>
  );
}

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
      context={csv}
      filtered={false}
      unfiltered=""
      notes={<FilterNotes data={data} filtered={args.filters.length > 0} timeZone={csv?.timeZone} />}
      // Every filter applies (searches are kept per day, term and whole visit).
      applied={() => true}
      estimate={data?.sample === undefined ? undefined : searchSampleText(data.sample, args.filters.length > 0, csv?.timeZone)}
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
