import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv, type ProxyOptions } from "vite";
import { defaultDataDir, localBackendUrl, REPO_ROOT } from "./local/config.ts";
import { notFoundStatus } from "./scripts/lib/notFoundStatus.ts";
import { ogCardsPlugin } from "./scripts/lib/ogCards.ts";
import { routePreloadPlugin } from "./scripts/lib/routePreload.ts";
import { siteFsOptions, siteServerPlugin } from "./scripts/lib/siteServer.ts";
import { convexUrl } from "./src/lib/convexUrl.ts";

// Feeds, the read-only API and the presence leave beacon are Convex HTTP
// actions; proxying them keeps them on the site's own origin, as production's
// rewrites do (a same-origin beacon needs no CORS).
const HTTP_ACTION_PATHS = "^/(rss\\.xml|rss-full\\.xml|sitemap\\.xml|api/posts?|api/page|presence/leave|presence/engaged|presence/click)(\\?.*)?$";

/** Where the HTTP actions answer: the local backend itself, or `<name>.convex.site`. */
function convexSiteUrl(env: Record<string, string>): string {
  if (env.VITE_CONVEX_SITE_URL) return env.VITE_CONVEX_SITE_URL;
  const url = env.VITE_CONVEX_URL;
  if (!url) return localBackendUrl(Number(env.LOCAL_BACKEND_PORT || 3210));
  return url.replace(/\.convex\.cloud(\/|$)/, ".convex.site$1");
}

export default defineConfig(({ mode }) => {
  const env = { ...loadEnv(mode, process.cwd(), ""), ...process.env } as Record<string, string>;
  const siteUrl = convexSiteUrl(env);
  // What the built app connects to (src/lib/convexUrl.ts): preview's policy allows it.
  const appConvexUrl = convexUrl(env);
  const proxy: Record<string, ProxyOptions> = {
    [HTTP_ACTION_PATHS]: { target: siteUrl, changeOrigin: true },
  };
  return {
    plugins: [react(), notFoundStatus(siteUrl), ogCardsPlugin(siteUrl), siteServerPlugin(appConvexUrl), routePreloadPlugin()],
    // No CORS: the site's pages load everything from their own origin, and
    // other origins (any other local port included) must not read its files.
    server: { proxy, cors: false, fs: siteFsOptions(REPO_ROOT, defaultDataDir(env)) },
    preview: { proxy, cors: false },
  };
});
