import { useId, useRef } from "react";
import { useCopyText, type CopyStatus } from "./useCopyText";
import "./FieldRow.css";

const SET_SHARE_KEY = "npx convex env set STATS_SHARE_KEY <random 16+ chars>";

const STATUS_TEXT: Record<CopyStatus, string> = {
  idle: "",
  copied: "Copied",
  failed: "Could not copy: the link is selected, copy it with your keyboard or menu.",
};

/** The `/stats` address that opens these stats read-only with the share key. */
export function shareUrl(origin: string, shareKey: string): string {
  return `${origin}/stats?key=${encodeURIComponent(shareKey)}`;
}

/** The read-only link made from the share key, or how to set one when there is none. */
export function SharePanel({ shareKey }: { shareKey: string | null }) {
  return shareKey === null ? <NoShareKey /> : <LinkField url={shareUrl(window.location.origin, shareKey)} />;
}

function NoShareKey() {
  return (
    <>
      <p>No share key is set, so there is no read-only link yet. Set one on the deployment:</p>
      <code className="stats-share__command">{SET_SHARE_KEY}</code>
    </>
  );
}

function LinkField({ url }: { url: string }) {
  const inputId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const { status, copy } = useCopyText();
  const onCopy = async () => {
    // Without a clipboard the link stays selected, ready to copy by hand.
    if ((await copy(url)) !== "failed") return;
    input.current?.focus();
    input.current?.select();
  };
  return (
    <>
      <label htmlFor={inputId}>Read-only link</label>
      <div className="field-row">
        <input
          id={inputId}
          ref={input}
          type="text"
          readOnly
          value={url}
          spellCheck={false}
          aria-describedby={hintId}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" onClick={() => void onCopy()}>
          Copy
        </button>
      </div>
      <p className="stats-share__status" role="status" aria-live="polite">
        {STATUS_TEXT[status]}
      </p>
      <p id={hintId} className="stats-share__hint">
        Anyone with this link can see these stats, without this control. To revoke it, set a new <code>STATS_SHARE_KEY</code>.
      </p>
    </>
  );
}
