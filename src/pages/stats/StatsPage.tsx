import { useHead } from "../../components/head/useHead";
import "./stats.css";
import "./dashboard/dashboard.css";
import { AccessBar } from "./dashboard/AccessBar";
import { Dashboard } from "./dashboard/Dashboard";
import { LinkKeyNotice } from "./dashboard/LinkKeyNotice";
import { PrivateGate } from "./dashboard/PrivateGate";
import { useStatsKey } from "./dashboard/useStatsKey";
import { CountingSwitch } from "./CountingSwitch";
import { StatsErrorBoundary } from "./StatsErrorBoundary";
import { StatsView } from "./StatsView";
import { useLiveStats } from "./useLiveStats";
import { ViewsByPageTable } from "./ViewsByPageTable";

const HEADING_ID = "stats-heading";

function LiveStats({ statsKey }: { statsKey: string | undefined }) {
  const stats = useLiveStats(statsKey);
  return (
    <div className="stats-body" aria-busy={stats === undefined}>
      {stats === undefined ? (
        <>
          <p role="status" className="visually-hidden">
            Loading stats…
          </p>
          <CardsPlaceholder />
        </>
      ) : (
        <StatsView stats={stats} />
      )}
    </div>
  );
}

const CARD_LABELS = ["Active Now", "Total Views", "Unique Visitors", "Published Posts", "Published Pages"];

/** The cards' outlines while getStats loads, so the dashboard below does not jump when they arrive. */
function CardsPlaceholder() {
  return (
    <div className="stats-cards" aria-hidden="true">
      {CARD_LABELS.map((label) => (
        <div key={label} className="stats-card">
          <p className="stats-card__label">{label}</p>
          <p className="stats-card__value">
            <span className="dash-skeleton" />
          </p>
        </div>
      ))}
    </div>
  );
}

/** All-time views per page, from the same live getStats subscription as the cards. */
function AllTimeViews({ statsKey }: { statsKey: string | undefined }) {
  const stats = useLiveStats(statsKey);
  return stats === undefined ? null : <ViewsByPageTable rows={stats.pageStats} />;
}

export default function StatsPage() {
  useHead({ title: "Site stats", description: "Live readers and views, without cookies or personal data.", path: "/stats" });
  const { key, setKey, forgetStoredKey, clearKey, linkKey, acceptLinkKey, declineLinkKey } = useStatsKey();
  return (
    <section className="stats" aria-labelledby={HEADING_ID}>
      <header className="stats-header">
        <h1 id={HEADING_ID}>Site stats</h1>
        <p className="stats-intro">Live numbers that update as visitors come and go. No cookies, no personal data.</p>
        <CountingSwitch />
      </header>
      {linkKey !== undefined && key !== undefined && (
        <LinkKeyNotice linkKey={linkKey} keptKey={key} onUse={acceptLinkKey} onKeep={declineLinkKey} />
      )}
      <StatsErrorBoundary>
        {/* A new key remounts the gate, so every query retries with it. */}
        <PrivateGate key={key ?? ""} statsKey={key} onKey={setKey} onRejected={forgetStoredKey}>
          {key !== undefined && <AccessBar statsKey={key} onForget={clearKey} />}
          <LiveStats statsKey={key} />
          <Dashboard statsKey={key} />
          <AllTimeViews statsKey={key} />
        </PrivateGate>
      </StatsErrorBoundary>
    </section>
  );
}
