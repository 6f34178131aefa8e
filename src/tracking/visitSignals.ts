/**
 * What the browser knows at landing. The tracker loads after first paint, so
 * the landing URL is taken by the caller when the app first renders: by then
 * the reader may have followed a link and `location` shows another page.
 */
export interface VisitSignals {
  /** `document.referrer`: may be empty, or a URL of this very site. */
  referrer: string;
  /** The landing page's full URL, for its utm_* parameters. */
  landingUrl: string;
  screenWidth: number;
  userAgent: string;
  /** The browser's IANA time zone, e.g. "Europe/Berlin". */
  timeZone: string | undefined;
}

export function readVisitSignals(landingUrl: string): VisitSignals {
  return {
    referrer: document.referrer,
    landingUrl,
    screenWidth: screen.width,
    userAgent: navigator.userAgent,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}
