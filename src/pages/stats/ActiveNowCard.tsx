import type { Stats } from "../../../convex/validators";
import { formatCount, plural } from "./format";
import { StatCard } from "./StatCard";

interface ActiveNowCardProps {
  activeVisitors: number;
  activeByPath: Stats["activeByPath"];
  titleOf: (path: string) => string;
}

export function ActiveNowCard({ activeVisitors, activeByPath, titleOf }: ActiveNowCardProps) {
  return (
    <StatCard
      id="active-now"
      label="Active Now"
      live
      className="stats-card--active"
      value={
        <>
          {formatCount(activeVisitors)}{" "}
          <span className="stats-card__unit">{plural(activeVisitors, "visitor", "visitors")}</span>
        </>
      }
    >
      {activeByPath.length === 0 ? (
        <p className="stats-empty">Nobody is on the site right now</p>
      ) : (
        <ul className="stats-breakdown" aria-label="Active visitors by page">
          {activeByPath.map(({ path, count }) => (
            <li key={path}>
              <span className="stats-breakdown__page" title={path}>
                {titleOf(path)}
              </span>
              <span className="stats-breakdown__count">{formatCount(count)}</span>
            </li>
          ))}
        </ul>
      )}
    </StatCard>
  );
}
