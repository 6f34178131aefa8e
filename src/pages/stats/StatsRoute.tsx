import { lazy, Suspense } from "react";
import { StatsShell } from "./StatsShell";

// The dashboard's code (queries, chart, map, panels) is a chunk of its own; the
// built index.html preloads it on /stats (scripts/lib/routePreload.ts).
const StatsPage = lazy(() => import("./StatsPage"));

/**
 * Until the dashboard arrives, a screen-tall placeholder: the footer stays
 * below the fold, nothing shifts. data-loading, like <Loading>'s, tells scroll
 * restoration and the tests the page is not there yet.
 */
function StatsPending() {
  return (
    <div className="stats-pending" role="status" data-loading>
      <span className="visually-hidden">Loading the dashboard…</span>
    </div>
  );
}

export default function StatsRoute() {
  return (
    <StatsShell>
      <Suspense fallback={<StatsPending />}>
        <StatsPage />
      </Suspense>
    </StatsShell>
  );
}
