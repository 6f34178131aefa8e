import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type { Connect, Plugin } from "vite";
import { slugOf } from "../../netlify/postHead.ts";
import { API_TIMEOUT_MS, lookUpSlug, type ApiFetch } from "../../netlify/slugLookup.ts";

/** Whether a request is a browser (or crawler) asking for a page. */
function wantsPage(req: IncomingMessage): boolean {
  return (req.method === "GET" || req.method === "HEAD") && (req.headers.accept ?? "").includes("text/html");
}

/**
 * The SPA fallback answers every path with index.html and status 200. This
 * middleware, placed in front of it, asks the API whether a `/<slug>` path is
 * a post or a page, and answers 404 (same HTML, so the app shows its
 * not-found page) when it is neither, as the production edge function does.
 */
export function notFoundMiddleware(fetchApi: ApiFetch, indexHtml: (url: string) => Promise<string>): Connect.NextHandleFunction {
  return (req, res: ServerResponse, next) => {
    const url = new URL(req.url ?? "/", "http://site");
    const slug = wantsPage(req) ? slugOf(url.pathname) : null;
    if (slug === null) return next();
    lookUpSlug(slug, fetchApi)
      .then(async (found) => {
        if (found.kind === "moved") {
          // A renamed post's old URL, as the edge function answers it.
          res.statusCode = 301;
          res.setHeader("Location", `/${found.slug}${url.search}`);
          res.end();
          return;
        }
        if (found.kind !== "missing") return next();
        const html = await indexHtml(req.url ?? "/");
        res.statusCode = 404;
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.end(req.method === "HEAD" ? undefined : html);
      })
      .catch(next);
  };
}

/** `npm run dev` and `npm run preview` answer 404 for slugs that are neither a post nor a page. */
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
