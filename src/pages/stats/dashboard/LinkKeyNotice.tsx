import { useQuery } from "convex/react";
import { useId } from "react";
import { api } from "../../../../convex/_generated/api";
import type { KeyRole } from "../../../../convex/validators";
import "./LinkKeyNotice.css";

interface LinkKeyNoticeProps {
  /** The key in the `?key=` link just opened. */
  linkKey: string;
  /** The key this browser keeps, still in use. */
  keptKey: string;
  onUse: () => void;
  onKeep: () => void;
}

/** "a read-only key", "the owner's key", …; undefined while the backend is asked. */
function describeKey(role: KeyRole | undefined): string {
  if (role === undefined) return "a stats key";
  if (role === "owner") return "the owner's key";
  if (role === "share") return "a read-only key";
  return "a key that is not accepted";
}

/**
 * A link with a key, opened in a browser that already keeps another: says
 * what each key is and lets the reader choose. Until then the kept key stays
 * in use and in storage.
 */
export function LinkKeyNotice({ linkKey, keptKey, onUse, onKeep }: LinkKeyNoticeProps) {
  const linkRole = useQuery(api.dashboard.checkKey, { key: linkKey });
  const keptRole = useQuery(api.dashboard.checkKey, { key: keptKey });
  const titleId = useId();
  const refused = linkRole === null;
  return (
    <div className="stats-link-key" role="region" aria-labelledby={titleId}>
      <p id={titleId} className="stats-link-key__title">
        This link holds {describeKey(linkRole)}.
      </p>
      <p className="stats-link-key__detail">
        {refused
          ? `This browser keeps ${describeKey(keptRole)}; nothing was changed.`
          : `This browser keeps ${describeKey(keptRole)}, and uses it until you choose.`}
        {keptRole === "owner" && !refused && " Using the link's key forgets the owner's key here."}
      </p>
      <div className="stats-link-key__actions">
        {!refused && (
          <button type="button" onClick={onUse}>
            Use the link's key
          </button>
        )}
        <button type="button" onClick={onKeep}>
          Keep mine
        </button>
      </div>
    </div>
  );
}
