import { useId, useState } from "react";
import { isOptedOut, setOptedOut } from "../../tracking/optOut";

/** "Don't count my visits on this browser": the owner's own reading stays out of the stats. */
export function CountingSwitch() {
  const [optedOut, setState] = useState(isOptedOut);
  const [unsaved, setUnsaved] = useState(false);
  const hintId = useId();
  return (
    <div className="stats-switch">
      <label>
        <input
          type="checkbox"
          checked={optedOut}
          aria-describedby={hintId}
          onChange={(event) => {
            const next = event.target.checked;
            setUnsaved(!setOptedOut(next));
            setState(next);
          }}
        />{" "}
        Don&apos;t count my visits on this browser
      </label>
      <p id={hintId} className="stats-switch__hint">
        {unsaved
          ? "This browser blocks storage, so the choice lasts only until the page is closed."
          : "Kept in this browser only. Visitors with Do Not Track or Global Privacy Control on are never counted."}
      </p>
    </div>
  );
}
