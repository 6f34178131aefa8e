import { useState } from "react";
import type { RealtimeView } from "../../../../convex/validators";
import { countryName } from "../dashboard/format";

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

const DEVICES: Record<NonNullable<RealtimeView["device"]>, string> = {
  mobile: "Mobile",
  tablet: "Tablet",
  laptop: "Laptop",
  desktop: "Desktop",
};

/**
 * The newest views, newest first. A view that arrives while the list is open
 * is marked new and briefly highlighted (a fade, or a still mark when the
 * reader prefers reduced motion); the views already there at first render are not.
 */
export function LiveViews({ views }: { views: readonly RealtimeView[] }) {
  const [present] = useState(() => new Set(views.map((v) => v.id)));
  if (views.length === 0) return <p className="dash-placeholder">No views in the last 30 minutes.</p>;
  return (
    <ol className="rt-list" aria-label="Latest views, newest first">
      {views.map((view) => {
        const fresh = !present.has(view.id);
        return (
          <li key={view.id} className="rt-list__item" data-new={fresh || undefined}>
            <time className="rt-list__time" dateTime={new Date(view.timestamp).toISOString()}>
              {clock.format(view.timestamp)}
            </time>
            <span className="rt-list__page" title={view.path}>
              {view.title ?? view.path}
            </span>
            <span className="rt-list__meta">
              {[view.source ?? "Direct", view.country === null ? "Unknown country" : countryName(view.country), view.device === null ? "Unknown device" : DEVICES[view.device]].join(" · ")}
            </span>
            {fresh && <span className="visually-hidden"> (new)</span>}
          </li>
        );
      })}
    </ol>
  );
}
