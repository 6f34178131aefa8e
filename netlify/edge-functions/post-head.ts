// Netlify Edge Function: see ../postHead.ts, ../slugLookup.ts and ../listLookup.ts for why.
// Runs before the SPA fallback; anything unexpected serves the page untouched.
import { withFrameHeaders } from "../frameHeaders.ts";
import { lookUpPath } from "../listLookup.ts";
import { withPostHead } from "../postHead.ts";
import { API_TIMEOUT_MS } from "../slugLookup.ts";

/** The part of Netlify's edge context this function uses. */
export interface EdgeContext {
  next(): Promise<Response>;
}

export default async function postHead(request: Request, context: EdgeContext): Promise<Response> {
  return withFrameHeaders(await answer(request, context));
}

async function answer(request: Request, context: EdgeContext): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") return context.next();
  const fetchApi = (path: string) => fetch(new URL(path, request.url), { signal: AbortSignal.timeout(API_TIMEOUT_MS) });
  const [page, found] = await Promise.all([context.next(), lookUpPath(new URL(request.url).pathname, fetchApi)]);
  if (found === null) return page;
  if (found.kind === "moved") return movedResponse(request, found.slug);
  if (!page.ok || !page.headers.get("content-type")?.includes("text/html")) return page;
  const headers = new Headers(page.headers);
  headers.delete("content-length");
  headers.delete("etag");
  if (found.kind === "missing") {
    // The app renders its not-found page from the same HTML; crawlers see the status.
    headers.set("cache-control", "no-store");
    return new Response(request.method === "HEAD" ? null : await page.text(), { status: 404, headers });
  }
  if (found.kind !== "post") return page;
  return new Response(withPostHead(await page.text(), found.post), { status: page.status, headers });
}

/** A renamed post's old URL: a permanent redirect to its slug now, query kept. */
export function movedResponse(request: Request, slug: string): Response {
  const to = new URL(request.url);
  to.pathname = `/${slug}`;
  return new Response(null, { status: 301, headers: { location: to.toString(), "cache-control": "public, max-age=300" } });
}

export const config = {
  path: "/*",
  excludedPath: ["/assets/*", "/api/*", "/images/*", "/*.xml", "/*.txt", "/*.svg", "/*.ico", "/*.png"],
};
