import { formatCount } from "../format";
import type { RealtimeMinute } from "../../../../convex/validators";

const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** Visitors per minute as bars, with a table for screen readers (the bars are a picture of it). */
export function MinuteBars({ minutes }: { minutes: ReadonlyArray<RealtimeMinute & { counted: boolean }> }) {
  const top = Math.max(1, ...minutes.map((m) => m.visitors));
  return (
    <div className="rt-bars">
      <div className="rt-bars__plot" aria-hidden="true">
        {minutes.map((m) => (
          <span
            key={m.start}
            className="rt-bars__bar"
            data-uncounted={!m.counted || undefined}
            style={{ "--h": `${(m.visitors / top) * 100}%` } as React.CSSProperties}
            title={`${time.format(m.start)}: ${formatCount(m.visitors)} visitors, ${formatCount(m.views)} views`}
          />
        ))}
      </div>
      <div className="rt-bars__axis" aria-hidden="true">
        <span>30 min ago</span>
        <span>now</span>
      </div>
      <table className="visually-hidden">
        <caption>Visitors and views per minute, last 30 minutes</caption>
        <thead>
          <tr>
            <th scope="col">Minute</th>
            <th scope="col">Visitors</th>
            <th scope="col">Views</th>
          </tr>
        </thead>
        <tbody>
          {minutes
            .filter((m) => m.counted)
            .map((m) => (
              <tr key={m.start}>
                <th scope="row">{time.format(m.start)}</th>
                <td>{m.visitors}</td>
                <td>{m.views}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
