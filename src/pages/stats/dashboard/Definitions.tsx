import { DEFINITIONS } from "./definitions";

const TERMS: ReadonlyArray<[keyof typeof DEFINITIONS, string]> = [
  ["visitors", "Visitor"],
  ["visits", "Visit"],
  ["views", "View"],
  ["bounceRate", "Bounce rate"],
  ["visitDuration", "Visit duration"],
  ["engagedTime", "Engaged time"],
  ["readCompletion", "Read completion"],
  ["scrollDepth", "Scroll depth"],
  ["searches", "Searches"],
  ["feedSubscribers", "Feed subscribers"],
  ["source", "Source"],
  ["channel", "Channel"],
];

/** The tooltips' texts, visible to anyone who prefers reading them in one place. */
export function Definitions() {
  return (
    <details className="dash-definitions">
      <summary>What the numbers mean</summary>
      <dl>
        {TERMS.map(([term, label]) => (
          <div key={term}>
            <dt>{label}</dt>
            <dd>{DEFINITIONS[term]}</dd>
          </div>
        ))}
        <div>
          <dt>Sources, devices and countries</dt>
          <dd>
            The source is taken once per visit from the page it landed on (the referring site's host, or its utm_ or
            ref tag; this site and no referrer are Direct). The screen width, browser and OS family and the country of
            the browser's time zone go with every view, so a visit that starts in a tab left open still has them. No
            IP address or user-agent string is stored.
          </dd>
        </div>
      </dl>
    </details>
  );
}
