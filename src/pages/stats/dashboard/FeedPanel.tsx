import { api } from "../../../../convex/_generated/api";
import { formatCount } from "./format";
import type { CsvContext } from "./csvContext";
import { FEED_PATHS, feedFetchesCsv, feedSubscribersCsv } from "./insightExports";
import { InsightPanel } from "./InsightPanel";
import type { DashboardQueryArgs } from "./types";
import { useKeptQuery } from "./useKeptQuery";

/** Feed subscribers by aggregator and in total, and how often the feeds were fetched each day. */
export function FeedPanel({ args, csv }: { args: DashboardQueryArgs; csv?: CsvContext }) {
  const { data, stale } = useKeptQuery(api.feedStats.subscribers, args);
  const top = Math.max(1, ...(data?.days ?? []).map((d) => d.fetches));
  const fetches = (data?.days ?? []).reduce((sum, d) => sum + d.fetches, 0);
  return (
    <InsightPanel
      title="Feed subscribers"
      term="feedSubscribers"
      loaded={data !== undefined}
      stale={stale}
      empty={data !== undefined && data.days.length === 0}
      emptyText="No feed fetches in this range yet."
      countedFrom={data?.countedFrom}
      context={csv}
      filtered={args.filters.length > 0}
      unfiltered="Not filtered: a feed reader's fetch has no visit, so this shows all feed subscribers and fetches, whatever the filters."
      exports={
        data === undefined
          ? []
          : [
              { label: "Feed subscribers", csv: () => feedSubscribersCsv(data) },
              { label: "Feed fetches", csv: () => feedFetchesCsv(data) },
            ]
      }
    >
      {data !== undefined && (
        <>
          <p className="dash-feed-total">
            <strong data-testid="feed-total">{formatCount(data.total)}</strong> subscribers reported by aggregators
          </p>
          {data.rows.length > 0 && (
            <table className="dash-table">
              <caption className="visually-hidden">Subscribers by aggregator and feed</caption>
              <thead>
                <tr>
                  <th scope="col">Aggregator</th>
                  <th scope="col">Feed</th>
                  <th scope="col" className="dash-num">
                    Subscribers
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row) => (
                  <tr key={`${row.aggregator}|${row.feed}`}>
                    <th scope="row">{row.aggregator}</th>
                    <td className="dash-feed-path">{FEED_PATHS[row.feed]}</td>
                    <td className="dash-num" title={`Reported on ${row.date}`}>
                      {formatCount(row.subscribers)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h4 className="dash-subhead">Fetches per day: {formatCount(fetches)} in this range</h4>
          <ol className="dash-fetches" aria-label="Fetches per day">
            {data.days.map((d) => (
              <li key={d.day} title={`${d.date}: ${formatCount(d.fetches)} fetches`} style={{ "--share": `${(d.fetches / top) * 100}%` } as React.CSSProperties}>
                <span className="visually-hidden">
                  {d.date}: {formatCount(d.fetches)}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </InsightPanel>
  );
}
