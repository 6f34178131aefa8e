import "./stats.css";
import "./dashboard/dashboard.css";
import { AccessBar } from "./dashboard/AccessBar";
import { Dashboard } from "./dashboard/Dashboard";
import { LinkKeyNotice } from "./dashboard/LinkKeyNotice";
import { PrivateGate } from "./dashboard/PrivateGate";
import { useStatsKey } from "./dashboard/useStatsKey";
import { CountingSwitch } from "./CountingSwitch";
import { RealtimeSection } from "./realtime/RealtimeSection";
import { StatsErrorBoundary } from "./StatsErrorBoundary";
import { ContentLine, StatsView } from "./StatsView";
import { useLiveStats } from "./useLiveStats";

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

/** The Active Now card's outline while getStats loads, so the dashboard below does not jump when it arrives. */
function CardsPlaceholder() {
  return (
    <div className="stats-card stats-card--active" aria-hidden="true">
      <p className="stats-card__label">Active Now</p>
      <p className="stats-card__value">
        <span className="dash-skeleton" />
      </p>
      <p className="stats-empty">{"\u00a0"}</p>
    </div>
  );
}

/** Content counts, from the same live getStats subscription as Active Now; nothing while it loads. */
function Content({ statsKey }: { statsKey: string | undefined }) {
  const stats = useLiveStats(statsKey);
  return stats === undefined ? null : <ContentLine stats={stats} />;
}

/**
 * Everything under the heading: the dashboard's code, loaded after the page's
 * heading and intro have painted (StatsRoute.tsx).
 */
export default function StatsPage() {
  const { key, setKey, forgetStoredKey, clearKey, linkKey, acceptLinkKey, declineLinkKey } = useStatsKey();
  return (
    <>
      {/* Beside the heading on a wide screen (StatsShell.css), under it on a phone. */}
      <CountingSwitch />
      {linkKey !== undefined && key !== undefined && (
        <LinkKeyNotice linkKey={linkKey} keptKey={key} onUse={acceptLinkKey} onKeep={declineLinkKey} />
      )}
      <StatsErrorBoundary>
        {/* A new key remounts the gate, so every query retries with it. */}
        <PrivateGate key={key ?? ""} statsKey={key} onKey={setKey} onRejected={forgetStoredKey}>
          {key !== undefined && <AccessBar statsKey={key} onForget={clearKey} />}
          {/* Side by side on a wide screen: what is happening now, then the range below. */}
          <div className="stats-live">
            <LiveStats statsKey={key} />
            <RealtimeSection statsKey={key} />
          </div>
          <Dashboard statsKey={key} />
          <Content statsKey={key} />
        </PrivateGate>
      </StatsErrorBoundary>
    </>
  );
}
