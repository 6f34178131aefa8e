import { DEFINITIONS } from "./definitions";

const TERMS: ReadonlyArray<[keyof typeof DEFINITIONS, string]> = [
  ["visitors", "Visitor"],
  ["visits", "Visit"],
  ["views", "View"],
  ["bounceRate", "Bounce rate"],
  ["visitDuration", "Visit duration"],
  ["engagedTime", "Engaged time"],
  ["readCompletion", "Read completion"],
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
            Taken once per visitor from the page they landed on: the referring site's host (this site and no referrer
            are Direct), the utm_ parameters, the screen width, the browser and OS family, and the country of the
            browser's time zone. No IP address or user-agent string is stored.
          </dd>
        </div>
      </dl>
    </details>
  );
}
