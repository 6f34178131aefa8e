import { useQuery } from "convex/react";
import { useId, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import { SharePanel } from "./SharePanel";
import "./AccessBar.css";

interface AccessBarProps {
  /** The key this browser holds (owner or share); the bar is only shown with one. */
  statsKey: string;
  onForget: () => void;
}

/**
 * What the key in this browser allows: the owner can hand out a read-only
 * link, a share link's holder is told the view is read-only. Either can
 * forget the key.
 */
export function AccessBar({ statsKey, onForget }: AccessBarProps) {
  const role = useQuery(api.dashboard.checkKey, { key: statsKey });
  // Asked with the owner's key only: null on a public site, which needs no link.
  const share = useQuery(api.dashboard.shareLink, role === "owner" ? { key: statsKey } : "skip");
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="stats-access">
      <div className="stats-access__row">
        <p className="stats-access__role">
          {role === "owner" && "The owner's key, kept in this browser."}
          {role === "share" && (
            <>
              <strong className="stats-access__badge">Read-only</strong> Opened from a share link.
            </>
          )}
        </p>
        <div className="stats-access__actions">
          {share && (
            <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
              Share read-only link
            </button>
          )}
          <button type="button" onClick={onForget}>
            Forget this key
          </button>
        </div>
      </div>
      {share && (
        <div id={panelId} className="stats-share" hidden={!open}>
          {open && <SharePanel shareKey={share.shareKey} />}
        </div>
      )}
    </div>
  );
}
