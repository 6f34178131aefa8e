import { formatCount, plural } from "../format";
import { LiveViews } from "./LiveViews";
import { everyMinute } from "./minutes";
import { MinuteBars } from "./MinuteBars";
import { useRealtime } from "./useRealtime";
import "./realtime.css";

const HEADING_ID = "rt-heading";

/** "Last 30 minutes": visitors per minute and the views as they arrive, pushed by the subscription. */
export function RealtimeSection({ statsKey }: { statsKey: string | undefined }) {
  const { data, since } = useRealtime(statsKey);
  return (
    <section className="dash-panel rt" aria-labelledby={HEADING_ID} aria-busy={data === undefined}>
      <div className="dash-panel__head">
        <h2 id={HEADING_ID} className="rt__title">
          Last 30 minutes
        </h2>
        {data && (
          <p className="rt__totals">
            <strong>{formatCount(data.visitors)}</strong> {plural(data.visitors, "visitor", "visitors")} ·{" "}
            <strong>{formatCount(data.views)}</strong> {plural(data.views, "view", "views")}
          </p>
        )}
      </div>
      {/* The body's box is as tall loading, empty or full, so nothing below it moves. */}
      <div className="rt__body">
        {data === undefined ? (
          <p role="status" className="dash-placeholder">
            Loading the last 30 minutes…
          </p>
        ) : (
          <>
            <MinuteBars minutes={everyMinute(data.minutes, since, data.from)} />
            <LiveViews views={data.latest} />
            {data.truncated && (
              <p className="dash-note rt__note">
                Busy: only the latest {formatCount(data.views)} views are counted; the paler minutes before them are not.
              </p>
            )}
          </>
        )}
      </div>
    </section>
  );
}
