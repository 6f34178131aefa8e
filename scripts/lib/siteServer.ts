// What the Vite dev and preview servers may hand out over HTTP. Both serve the
// repository root, where the local backend's data folder (with its admin key),
// unpublished drafts and `.env` files also live, and any local process or
// page can ask; so files are served from an allow-list, never the whole root.
import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import type { Connect, Plugin, ServerOptions } from "vite";
import { SLUG_PATTERN } from "../../convex/constants.ts";
import { defaultDataDir, REPO_ROOT } from "../../local/config.ts";
import { isInside, realPathOf } from "../../local/servedFolders.ts";
import { FRAME_HEADERS, securityHeaders } from "../../netlify/frameHeaders.ts";
import { inlineScriptHashes } from "./csp.ts";

/**
 * Modules under `convex/` that the browser app imports (shared validators,
 * constants, input checks, the search engine). Everything else there is server code and is not
 * served. `siteServer.test.ts` crawls the app and fails when this list and
 * the app's imports disagree.
 */
export const BROWSER_CONVEX_MODULES = [
  "_generated/api.js",
  "constants.ts",
  "slugs.ts",
  "stats.context.ts",
  "stats.input.ts",
  // Which link clicks the tracker reports (issue 20).
  "links.target.ts",
  // /stats: bucket times in the site's zone for CSV files, and the realtime view's window.
  "dashboard.time.ts",
  "realtime.window.ts",
  // Search runs in the browser, with the same code the tests and the sync use.
  "search.engine.ts",
  "search.help.ts",
  "search.pack.ts",
  "search.words.ts",
];

/** A path as a glob that matches only itself (picomatch syntax). */
function globLiteral(value: string): string {
  return value.replace(/[\\*?[\]{}()!+@|]/g, "\\$&");
}

/** `server.fs` for `vite dev`: the app's sources and dependencies, nothing else from the root. */
export function siteFsOptions(root: string, dataDir: string): NonNullable<ServerOptions["fs"]> {
  return {
    strict: true,
    allow: [
      path.join(root, "index.html"),
      path.join(root, "src"),
      path.join(root, "node_modules"),
      ...BROWSER_CONVEX_MODULES.map((file) => path.join(root, "convex", file)),
    ],
    // Vite's defaults, plus the backend's data folder wherever LOCAL_BACKEND_DIR puts it.
    deny: [".env", ".env.*", "*.{crt,pem}", "**/.git/**", `${globLiteral(path.resolve(dataDir).split(path.sep).join("/"))}/**`],
  };
}

/**
 * True for a path the app's router has a page for: `/`, `/stats`, `/<slug>`,
 * `/tags`, `/tags/<tag>` and the list pages `/page/<n>` and
 * `/tags/<tag>/page/<n>`. Only these get the app shell from the SPA fallback.
 */
export function isAppRoutePath(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  const segments = decoded.replace(/^\/|\/$/g, "").split("/");
  const isName = (segment: string | undefined) => segment !== undefined && SLUG_PATTERN.test(segment);
  const isListPage = (rest: string[]) => rest.length === 0 || (rest.length === 2 && rest[0] === "page" && /^[0-9]+$/.test(rest[1]!));
  if (segments.length === 1) return segments[0] === "" || isName(segments[0]);
  if (segments[0] === "page") return isListPage(segments);
  if (segments[0] === "tags") return isName(segments[1]) && isListPage(segments.slice(2));
  return false;
}

/**
 * The app shell is the answer for app routes only. Any other path that
 * nothing served (a dotfile, a refused source, a missing asset) gets a 404,
 * not index.html with a 200.
 */
const refuseFileLikeFallbacks: Connect.NextHandleFunction = (req, res, next) => {
  const original = new URL(req.originalUrl ?? req.url ?? "/", "http://site").pathname;
  if (req.url === "/index.html" && original !== "/index.html" && !isAppRoutePath(original)) {
    refuse(res, 404);
    return;
  }
  next();
};

/**
 * The only `?html-proxy` requests Vite makes itself: an inline module script
 * or style of index.html (`vite:build-html` in Vite's source writes these).
 */
const OWN_HTML_PROXY = /^html-proxy(?:&direct|(?:&inline-css)?(?:&style-attr)?)&index=[0-9]+\.(?:js|css)$/;
/** An HMR re-import is the one query a `/@id/` module is asked with. */
const OWN_ID_QUERY = /^t=[0-9]+$/;

/**
 * Request forms that Vite 8 (checked with 8.3.8) does not survive, or that
 * only a hostile page sends: `/@id/<package>?<query ending in .js, .mjs or
 * .ts>` (e.g. `?html-proxy&index=0.js`) makes its dependency optimizer read a
 * file named with the query and die of an uncaught ENOENT. The app itself asks
 * for `/@id/` modules with no query (see siteServer.test.ts's crawl), and for
 * `?html-proxy` only on index.html. Vite decodes the URL with decodeURI
 * before it looks at it, so the check does too, and it also resolves dot
 * segments and doubled slashes that a raw client may send.
 */
export function isRefusedViteRequest(url: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURI(url);
  } catch {
    return true;
  }
  const queryStart = decoded.indexOf("?");
  // Dot segments and doubled slashes as a raw client may send them.
  const pathname = path.posix.normalize(queryStart === -1 ? decoded : decoded.slice(0, queryStart));
  const query = queryStart === -1 ? "" : decoded.slice(queryStart + 1);
  if (/(?:^|&)html-proxy\b/.test(query)) return pathname !== "/index.html" || !OWN_HTML_PROXY.test(query);
  if (pathname.startsWith("/@id/") && queryStart !== -1) return !OWN_ID_QUERY.test(query);
  return false;
}

function refuse(res: Parameters<Connect.NextHandleFunction>[1], status: number) {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end(status === 404 ? "Not found" : "Refused");
}

/**
 * Runs before Vite's own middlewares: the site's headers on every answer,
 * hostile forms refused. The dev server gets the frame headers only (its
 * React refresh preamble is an inline script); preview gets the built site's
 * full policy, as production does.
 */
function guardRequests(headers: Readonly<Record<string, string>>): Connect.NextHandleFunction {
  return (req, res, next) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (isRefusedViteRequest(req.url ?? "/")) {
      refuse(res, 403);
      return;
    }
    next();
  };
}

/** The policy for the build in `outDir`: its own inline scripts allowed by hash, nothing else inline. */
export function builtSiteHeaders(outDir: string, convexUrl: string): Record<string, string> {
  let html = "";
  try {
    html = readFileSync(path.join(outDir, "index.html"), "utf8");
  } catch {
    // No build yet: preview answers 404s, and no inline script needs allowing.
  }
  return securityHeaders({ convexUrl, scriptHashes: inlineScriptHashes(html) });
}

/**
 * Refuses a request whose file, once links are resolved, lies in the backend's
 * data folder, wherever it is asked for: under the root, public/, dist/ or
 * `/@fs/`. Vite's `fs.deny` compares the path as asked, so a link under
 * public/ or src/ leading to the data folder would get past it.
 */
export function refuseDataDirFiles(root: string, dataDir: string): Connect.NextHandleFunction {
  return (req, res, next) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://site").pathname);
    } catch {
      next();
      return;
    }
    const realDataDir = realPathOf(dataDir);
    const candidates = pathname.startsWith("/@fs/") ? [pathname.slice("/@fs".length)] : ["", "public", "dist"].map((base) => path.join(root, base, pathname));
    for (const candidate of candidates) {
      let real: string;
      try {
        real = realpathSync(candidate);
      } catch {
        continue;
      }
      if (!isInside(real, realDataDir)) continue;
      res.statusCode = 404;
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.end("Not found");
      return;
    }
    next();
  };
}

/** `convexUrl`: the deployment the built app talks to, which the preview's policy lets it reach. */
export function siteServerPlugin(convexUrl: string, dataDir = defaultDataDir()): Plugin {
  const guard = refuseDataDirFiles(REPO_ROOT, dataDir);
  return {
    name: "markdown-site:site-server",
    // Functions used here run before Vite's middlewares; returned ones run
    // after its own file serving and SPA fallback.
    configureServer: (server) => {
      server.middlewares.use(guardRequests(FRAME_HEADERS));
      server.middlewares.use(guard);
      return () => server.middlewares.use(refuseFileLikeFallbacks);
    },
    configurePreviewServer: (server) => {
      const outDir = path.resolve(server.config.root, server.config.build.outDir);
      server.middlewares.use(guardRequests(builtSiteHeaders(outDir, convexUrl)));
      server.middlewares.use(guard);
      return () => server.middlewares.use(refuseFileLikeFallbacks);
    },
  };
}
