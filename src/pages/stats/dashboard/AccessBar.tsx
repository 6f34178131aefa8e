import { useQuery } from "convex/react";
import { api } from "../../../../convex/_generated/api";
import { ShareLink } from "./ShareLink";
import "./AccessBar.css";

interface AccessBarProps {
  /** The key this browser holds (owner or share); the bar is only shown with one. */
  statsKey: string;
  onForget: () => void;
}

/** What the key in this browser allows: the owner can hand out a read-only link, a share link's holder is told it is read-only. */
export function AccessBar({ statsKey, onForget }: AccessBarProps) {
  const role = useQuery(api.dashboard.checkKey, { key: statsKey });
  return (
    <div className="stats-access">
      <div className="stats-access__row">
        <div className="stats-access__role">
          {role === "owner" && <span>Opened with the owner&apos;s key.</span>}
          {role === "share" && (
            <span>
              <strong className="stats-access__badge">Read-only</strong> Opened with a share link.
            </span>
          )}
        </div>
        <button type="button" className="stats-access__forget" onClick={onForget}>
          Forget the key in this browser
        </button>
      </div>
      {role === "owner" && <ShareLink statsKey={statsKey} />}
    </div>
  );
}
