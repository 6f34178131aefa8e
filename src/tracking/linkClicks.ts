// Outbound and download clicks: one listener on the document, loaded with the
// lazy tracker. The click is handed to `send` (a beacon) and the browser goes
// on at once: nothing here waits, prevents or re-dispatches the navigation.
import { clickTarget } from "../../convex/links.target";

export interface LinkClickOptions {
  document: Pick<Document, "addEventListener" | "removeEventListener">;
  /** The page's origin and current path, read at click time. */
  location: Pick<Location, "origin" | "pathname">;
  /** True when nothing may be sent now (opt-out, DNT, GPC, bots). */
  blocked(): boolean;
  send(click: { url: string; page: string }): void;
}

/** Middle clicks open links too; they arrive as auxclick. */
const CLICK_EVENTS = ["click", "auxclick"] as const;

export function watchLinkClicks({ document, location, blocked, send }: LinkClickOptions): () => void {
  const onClick = (event: Event) => {
    if (event instanceof MouseEvent && event.type === "auxclick" && event.button !== 1) return;
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!(link instanceof HTMLAnchorElement) || blocked()) return;
    const target = clickTarget(link.href, location.origin);
    if (target !== null) send({ url: target.url, page: location.pathname });
  };
  // Capture phase: a handler that stops the event's propagation cannot hide the click.
  for (const type of CLICK_EVENTS) document.addEventListener(type, onClick, true);
  return () => {
    for (const type of CLICK_EVENTS) document.removeEventListener(type, onClick, true);
  };
}

/** A beacon where there is one, else a keepalive fetch: both outlive the page. */
export function sendClick(path: string, body: string): void {
  if (typeof navigator.sendBeacon === "function" && navigator.sendBeacon(path, body)) return;
  void fetch(path, { method: "POST", body, keepalive: true, headers: { "Content-Type": "text/plain;charset=UTF-8" } }).catch(() => undefined);
}
