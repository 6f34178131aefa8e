/**
 * The router path for a click on a plain link inside an article (stored HTML
 * has no <Link>s), or null when the browser should handle it: another origin,
 * a new tab or download, a modified click, or a file the server serves
 * (feeds, llms.txt, the API, images).
 */
export function inAppPath(event: MouseEvent, origin: string): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const target = event.target instanceof Node ? event.target : null;
  const anchor = (target instanceof Element ? target : (target?.parentElement ?? null))?.closest("a");
  if (!anchor || !anchor.hasAttribute("href") || anchor.hasAttribute("download")) return null;
  if (anchor.target !== "" && anchor.target !== "_self") return null;
  const url = new URL(anchor.href, origin);
  if (url.origin !== origin) return null;
  const lastSegment = url.pathname.split("/").pop() ?? "";
  if (lastSegment.includes(".") || url.pathname.startsWith("/api/")) return null;
  return url.pathname + url.search + url.hash;
}
