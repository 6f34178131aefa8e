/**
 * What the browser knows at landing. Read synchronously on the first view, so
 * the landing URL is the one the reader arrived on even if the app navigates
 * before the (lazily loaded) parser in visitContext.ts turns it into a context.
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

export function readVisitSignals(): VisitSignals {
  return {
    referrer: document.referrer,
    landingUrl: location.href,
    screenWidth: screen.width,
    userAgent: navigator.userAgent,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}
