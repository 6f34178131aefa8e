import { useHead } from "../../components/head/useHead";
import "./stats.css";
import { CountingSwitch } from "./CountingSwitch";
import { StatsErrorBoundary } from "./StatsErrorBoundary";
import { StatsView } from "./StatsView";
import { useLiveStats } from "./useLiveStats";

const HEADING_ID = "stats-heading";

function LiveStats() {
  const stats = useLiveStats();
  return (
    <div className="stats-body" aria-busy={stats === undefined}>
      {stats === undefined ? (
        <p role="status" className="stats-loading">
          Loading stats…
        </p>
      ) : (
        <StatsView stats={stats} />
      )}
    </div>
  );
}

export default function StatsPage() {
  useHead({ title: "Site stats", description: "Live readers and views, without cookies or personal data.", path: "/stats" });
  return (
    <section className="stats" aria-labelledby={HEADING_ID}>
      <header className="stats-header">
        <h1 id={HEADING_ID}>Site stats</h1>
        <p className="stats-intro">Live numbers that update as visitors come and go. No cookies, no personal data.</p>
        <CountingSwitch />
      </header>
      <StatsErrorBoundary>
        <LiveStats />
      </StatsErrorBoundary>
    </section>
  );
}
