// The site's security headers, defined once. netlify.toml sends them on the
// files Netlify serves (a test checks its copy against this); the edge
// function keeps them on what it answers; `vite preview` sends them on the
// built site (scripts/lib/siteServer.ts). The Vite dev server sends only the
// frame headers: its React refresh preamble is an inline script, which the
// full policy refuses.

/** No page of another origin may frame the site: clickjacking of /stats, and framed loads that would count as visits. */
export const FRAME_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
};

export interface PolicySources {
  /** The Convex deployment the app talks to (`https://<name>.convex.cloud`, or the local backend). */
  convexUrl: string;
  /** `sha256-…` of each inline script the built index.html runs (scripts/lib/csp.ts). */
  scriptHashes: readonly string[];
}

/**
 * The built site's Content-Security-Policy. Stored HTML is inserted as the
 * sync wrote it; this is what makes a row written past the sync harmless:
 * no inline script or handler runs, no `javascript:` link, no plugin, no
 * `<base>`, no form posting elsewhere, and no image, font, style or
 * connection to any host but the site and its Convex deployment (so no
 * third-party request either).
 */
export function contentSecurityPolicy({ convexUrl, scriptHashes }: PolicySources): string {
  // Written as given (not through URL, which lowercases), so netlify.toml's YOUR-DEPLOYMENT placeholder survives.
  const convex = /^(https?):\/\/([^/?#]+)/i.exec(convexUrl);
  if (convex === null) throw new Error(`not an http(s) URL: ${convexUrl}`);
  const scheme = convex[1]!.toLowerCase();
  const host = convex[2]!;
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptHashes.map((hash) => `'${hash}'`)].join(" "),
    "img-src 'self' data:",
    `connect-src 'self' ${scheme}://${host} ${scheme === "https" ? "wss" : "ws"}://${host}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Every header the built site sends, with its policy. */
export function securityHeaders(sources: PolicySources): Record<string, string> {
  return { ...FRAME_HEADERS, "Content-Security-Policy": contentSecurityPolicy(sources) };
}

/**
 * The same answer, forbidding framing. A policy already on it (netlify.toml's,
 * on the page the edge function fetched) is kept: it forbids framing too.
 */
export function withFrameHeaders(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(FRAME_HEADERS)) {
    if (name === "Content-Security-Policy" && headers.has(name)) continue;
    headers.set(name, value);
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
