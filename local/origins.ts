// Which browser pages may talk to the local backend. A browser names the page
// that makes a request in its Origin header (always on WebSocket upgrades and
// cross-origin requests); Node clients, the content sync and tests send none.
// Without this check any page open in the browser (another local port
// included) could drive the backend through the visitor's browser.

/** `vite` and `vite preview`'s default ports, used when nothing else is configured. */
export const DEFAULT_SITE_PORTS = [5173, 4173];

/** The origins a site on `port` of this machine can have. */
export function siteOrigins(port: number): string[] {
  return ["localhost", "127.0.0.1", "[::1]"].map((host) => `http://${host}:${port}`);
}

/** An origin in the form browsers send it (scheme, host, port; lowercase; no path). */
export function normalizeOrigin(origin: string): string {
  const url = new URL(origin.trim());
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`"${origin}" is not an http(s) origin`);
  return url.origin;
}

/**
 * `LOCAL_BACKEND_ALLOWED_ORIGINS` (comma-separated origins), or the site
 * origins of Vite's default dev and preview ports.
 */
export function allowedOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.LOCAL_BACKEND_ALLOWED_ORIGINS?.trim();
  if (!raw) return DEFAULT_SITE_PORTS.flatMap(siteOrigins);
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return normalizeOrigin(s);
      } catch {
        throw new Error(`LOCAL_BACKEND_ALLOWED_ORIGINS: "${s}" is not an origin such as http://localhost:5173`);
      }
    });
}

/** A request without an Origin header (not from a page) passes; one from a page passes only from an allowed site. */
export function isAllowedOrigin(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  // "null" is what sandboxed frames, file:// pages and some redirects send.
  return allowed.has(origin.trim().toLowerCase());
}
