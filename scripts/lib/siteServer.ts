// What the Vite dev and preview servers may hand out over HTTP. Both serve the
// repository root, where the local backend's data folder (with its admin key),
// unpublished drafts and `.env` files also live, and any local process or
// page can ask; so files are served from an allow-list, never the whole root.
import path from "node:path";
import type { Connect, Plugin, ServerOptions } from "vite";
import { SLUG_PATTERN } from "../../convex/constants.ts";

/**
 * Modules under `convex/` that the browser app imports (shared validators,
 * constants, input checks). Everything else there is server code and is not
 * served. `siteServer.test.ts` crawls the app and fails when this list and
 * the app's imports disagree.
 */
export const BROWSER_CONVEX_MODULES = ["_generated/api.js", "constants.ts", "slugs.ts", "stats.context.ts", "stats.input.ts"];

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
    res.statusCode = 404;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end("Not found");
    return;
  }
  next();
};

export function siteServerPlugin(): Plugin {
  return {
    name: "markdown-site:site-server",
    // Returned functions run after Vite's own file serving and SPA fallback.
    configureServer: (server) => () => server.middlewares.use(refuseFileLikeFallbacks),
    configurePreviewServer: (server) => () => server.middlewares.use(refuseFileLikeFallbacks),
  };
}
