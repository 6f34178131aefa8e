import type { Stats } from "../../../convex/validators";
import { ActiveNowCard } from "./ActiveNowCard";
import { formatCount, formatDay, plural } from "./format";

/** "Active Now" above the traffic: live, not tied to the dashboard's range. */
export function StatsView({ stats }: { stats: Stats }) {
  const titles = new Map(stats.pageStats.map((row) => [row.path, row.title]));
  const titleOf = (path: string) => titles.get(path) ?? path;
  return (
    <ActiveNowCard activeVisitors={stats.activeVisitors} activeByPath={stats.activeByPath} titleOf={titleOf} />
  );
}

/** What the site holds, apart from its traffic: one small line under the dashboard. */
export function ContentLine({ stats }: { stats: Stats }) {
  const since = stats.trackingSince;
  return (
    <p className="stats-content">
      {formatCount(stats.publishedPosts)} published {plural(stats.publishedPosts, "post", "posts")} ·{" "}
      {formatCount(stats.publishedPages)} published {plural(stats.publishedPages, "page", "pages")} ·{" "}
      {since === null ? (
        "no views counted yet"
      ) : (
        <>
          views counted since <time dateTime={new Date(since).toISOString()}>{formatDay(since)}</time>
        </>
      )}
    </p>
  );
}
