// No page of another origin may frame the site: clickjacking of /stats, and
// framed loads that would count as visits. netlify.toml sends these on the
// files Netlify serves; the edge function sets them on what it answers (it
// builds its own responses, which Netlify's custom headers may not reach);
// the Vite dev and preview servers send them too (scripts/lib/siteServer.ts).
export const FRAME_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
};

/** The same answer, carrying the frame headers. */
export function withFrameHeaders(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(FRAME_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
