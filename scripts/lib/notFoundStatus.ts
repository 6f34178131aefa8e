import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type { Connect, Plugin } from "vite";
import { lookUpPath } from "../../netlify/listLookup.ts";
import { API_TIMEOUT_MS, type ApiFetch } from "../../netlify/slugLookup.ts";

/**
 * Any GET or HEAD, whatever its Accept header: a link checker sending `*\/*`
 * must see the same status as a browser.
 */
function isRead(req: IncomingMessage): boolean {
  return req.method === "GET" || req.method === "HEAD";
}

/**
 * The SPA fallback answers every path with index.html and status 200. This
 * middleware, placed in front of it, asks the API whether a `/<slug>` path is
 * a post or a page, and whether a list path (`/page/<n>`, `/tags/<tag>`) has
 * that page, and answers 404 (same HTML, so the app shows its not-found page)
 * when not, as the production edge function does.
 */
export function notFoundMiddleware(fetchApi: ApiFetch, indexHtml: (url: string) => Promise<string>): Connect.NextHandleFunction {
  return (req, res: ServerResponse, next) => {
    if (!isRead(req)) return next();
    const url = new URL(req.url ?? "/", "http://site");
    lookUpPath(url.pathname, fetchApi)
      .then(async (found) => {
        if (found?.kind === "moved") {
          // A renamed post's old URL, as the edge function answers it.
          res.statusCode = 301;
          res.setHeader("Location", `/${found.slug}${url.search}`);
          res.end();
          return;
        }
        if (found?.kind !== "missing") return next();
        const html = await indexHtml(req.url ?? "/");
        res.statusCode = 404;
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.end(req.method === "HEAD" ? undefined : html);
      })
      .catch(next);
  };
}

/** `npm run dev` and `npm run preview` answer 404 for slugs that are neither a post nor a page, and for empty list pages. */
export function notFoundStatus(apiOrigin: string): Plugin {
  const fetchApi: ApiFetch = (apiPath) => fetch(new URL(apiPath, apiOrigin), { signal: AbortSignal.timeout(API_TIMEOUT_MS) });
  return {
    name: "not-found-status",
    configureServer(server) {
      const source = path.join(server.config.root, "index.html");
      server.middlewares.use(notFoundMiddleware(fetchApi, async (url) => server.transformIndexHtml(url, await readFile(source, "utf8"))));
    },
    configurePreviewServer(server) {
      const built = path.join(server.config.root, server.config.build.outDir, "index.html");
      server.middlewares.use(notFoundMiddleware(fetchApi, () => readFile(built, "utf8")));
    },
  };
}
