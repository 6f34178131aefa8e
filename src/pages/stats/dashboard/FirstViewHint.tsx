import { isOptedOut } from "../../../tracking/optOut";

interface PrivacySignals {
  doNotTrack?: string | null;
  globalPrivacyControl?: boolean;
}

/** Why this browser's own visits may not show up here, or null. */
export function ownVisitsBlocked(
  optedOut: () => boolean = isOptedOut,
  browser: PrivacySignals = navigator as PrivacySignals,
): "opted-out" | "do-not-track" | null {
  if (optedOut()) return "opted-out";
  if (browser.doNotTrack === "1" || browser.globalPrivacyControl === true) return "do-not-track";
  return null;
}

const WHY: Record<NonNullable<ReturnType<typeof ownVisitsBlocked>>, string> = {
  "opted-out": "This browser is opted out (the switch above), so its visits are not counted: use another browser, or turn the switch off.",
  "do-not-track":
    "This browser sends Do Not Track or Global Privacy Control, so its visits are probably not counted: try another browser.",
};

/** The empty range's next step: how to see a first view arrive. */
export function FirstViewHint({ blocked = ownVisitsBlocked() }: { blocked?: ReturnType<typeof ownVisitsBlocked> }) {
  return (
    <div className="dash-first-view">
      <p>
        <strong>No views in this range yet.</strong> To see one arrive, open the site in another tab and read a page: it
        shows up here within a second or two.
      </p>
      {blocked !== null && <p>{WHY[blocked]}</p>}
    </div>
  );
}
