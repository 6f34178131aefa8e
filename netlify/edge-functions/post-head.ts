// Netlify Edge Function: see ../postHead.ts for why. Runs before the SPA
// fallback; anything unexpected serves the page untouched.
import { previewFrom, slugOf, withPostHead } from "../postHead.ts";

/** The part of Netlify's edge context this function uses. */
export interface EdgeContext {
  next(): Promise<Response>;
}

/** A slow API must not hold the page up: past this, the page goes out without the tags. */
const API_TIMEOUT_MS = 1_500;

export default async function postHead(request: Request, context: EdgeContext): Promise<Response> {
  const slug = request.method === "GET" ? slugOf(new URL(request.url).pathname) : null;
  if (slug === null) return context.next();
  const api = new URL(`/api/post?slug=${slug}`, request.url);
  const [page, post] = await Promise.all([
    context.next(),
    fetch(api, { signal: AbortSignal.timeout(API_TIMEOUT_MS) }).then(previewFrom, () => null),
  ]);
  if (post === null || !page.ok || !page.headers.get("content-type")?.includes("text/html")) return page;
  const headers = new Headers(page.headers);
  headers.delete("content-length");
  headers.delete("etag");
  return new Response(withPostHead(await page.text(), post), { status: page.status, headers });
}

export const config = {
  path: "/*",
  excludedPath: ["/assets/*", "/api/*", "/images/*", "/*.xml", "/*.txt", "/*.svg", "/*.ico"],
};
