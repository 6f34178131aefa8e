import type { Stats } from "../../../convex/validators";
import { ActiveNowCard } from "./ActiveNowCard";
import { formatCount, formatDay } from "./format";
import { StatCard } from "./StatCard";

export function StatsView({ stats }: { stats: Stats }) {
  const titles = new Map(stats.pageStats.map((row) => [row.path, row.title]));
  const titleOf = (path: string) => titles.get(path) ?? path;
  const since = stats.trackingSince;

  // One block, so the empty status line adds no gap to the page's grid.
  return (
    <div>
      <div className="stats-cards">
        <ActiveNowCard activeVisitors={stats.activeVisitors} activeByPath={stats.activeByPath} titleOf={titleOf} />
        <StatCard id="total-views" label="Total Views" value={formatCount(stats.totalPageViews)}>
          <p className="stats-card__detail">
            {since === null ? (
              "No views yet"
            ) : (
              <>
                since <time dateTime={new Date(since).toISOString()}>{formatDay(since)}</time>
              </>
            )}
          </p>
        </StatCard>
        <StatCard id="unique-visitors" label="Unique Visitors" value={formatCount(stats.uniqueVisitors)} />
        <StatCard id="published-posts" label="Published Posts" value={formatCount(stats.publishedPosts)} />
        <StatCard id="published-pages" label="Published Pages" value={formatCount(stats.publishedPages)} />
      </div>
      {/* Always in the page, so screen readers announce the line when it appears. */}
      <p className="stats-status" role="status">
        {stats.catchingUp &&
          "Catching up: these totals and Views by Page may not yet include every recent view. They fill in on their own."}
      </p>
    </div>
  );
}
