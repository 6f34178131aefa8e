// Serving and building the link-preview cards (see ogPreviews.ts for what a
// card is). A card says a post exists, with its title, so it follows the same
// rule as every other surface: none for a post before its publish time.
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type { Connect, Plugin, ResolvedConfig } from "vite";
import { siteTimeZone } from "../../convex/dashboard.access";
import { SLUG_PATTERN } from "../../convex/constants";
import { API_TIMEOUT_MS, type ApiFetch } from "../../netlify/slugLookup.ts";
import { loadContent } from "./content";
import { formatProblem } from "./frontmatter";
import { cardOf, cardPng, DEFAULT_CARD, DEFAULT_CARD_PATH, writeBuildCards, type CardSource } from "./ogPreviews";

/** Git ignores node_modules/, so cached cards never dirty the working tree. */
export const OG_CACHE_DIR = path.join("node_modules", ".cache", "og-cards");

const CARD_PATH = /^\/og\/([^/]+)\.png$/;

function isCardSource(value: unknown): value is CardSource {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return ["title", "description", "date", "readTime"].every((key) => typeof v[key] === "string");
}

/**
 * The post a card may show, from the read-only API, which answers only posts
 * that are live now; anything else (scheduled, draft, missing, an API that
 * fails) is null and gets the default card, so the answer tells nothing.
 */
async function livePost(slug: string, fetchApi: ApiFetch): Promise<CardSource | null> {
  if (!SLUG_PATTERN.test(slug)) return null;
  try {
    const response = await fetchApi(`/api/post?slug=${encodeURIComponent(slug)}`);
    if (!response.ok) return null;
    const body: unknown = await response.json();
    return isCardSource(body) ? body : null;
  } catch {
    return null;
  }
}

/**
 * `npm run dev` and `npm run preview`: `/og/<slug>.png` is the card of a post
 * live now, rendered on request (then cached), and the default card for any
 * other slug, as production's fallback rule answers (netlify.toml).
 */
export function ogCardMiddleware(fetchApi: ApiFetch, cacheDir: string): Connect.NextHandleFunction {
  return (req: IncomingMessage, res: ServerResponse, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const pathname = new URL(req.url ?? "/", "http://site").pathname;
    const slug = CARD_PATH.exec(pathname)?.[1];
    if (slug === undefined && pathname !== DEFAULT_CARD_PATH) return next();
    (slug === undefined ? Promise.resolve(null) : livePost(slug, fetchApi))
      .then((post) => cardPng(post === null ? DEFAULT_CARD : cardOf(post), cacheDir))
      .then((png) => {
        res.statusCode = 200;
        res.setHeader("Content-Type", "image/png");
        // A scheduled post's card changes from the default to its own when it goes live.
        res.setHeader("Cache-Control", "no-cache");
        res.end(req.method === "HEAD" ? undefined : png);
      })
      .catch(next);
  };
}

/** Cards of the posts in `content/` that are live at build time, written into the build. */
export async function buildCards(root: string, outDir: string, env: Record<string, string | undefined>, now: number): Promise<string[]> {
  const { posts, problems } = await loadContent(path.join(root, "content"), path.join(root, "public"), siteTimeZone(env));
  if (problems.length > 0) {
    throw new Error(`Link-preview cards: content/ has problems (npm run sync names them):\n${problems.map(formatProblem).join("\n")}`);
  }
  return writeBuildCards(posts, outDir, now, path.join(root, OG_CACHE_DIR));
}

export function ogCardsPlugin(apiOrigin: string): Plugin {
  const fetchApi: ApiFetch = (apiPath) => fetch(new URL(apiPath, apiOrigin), { signal: AbortSignal.timeout(API_TIMEOUT_MS) });
  let config: ResolvedConfig;
  const cacheDir = () => path.join(config.root, OG_CACHE_DIR);
  return {
    name: "og-cards",
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      server.middlewares.use(ogCardMiddleware(fetchApi, cacheDir()));
    },
    configurePreviewServer(server) {
      // Before the build's static files: a post that went live since the build gets its card.
      server.middlewares.use(ogCardMiddleware(fetchApi, cacheDir()));
    },
    async closeBundle() {
      if (config.command !== "build" || config.build.ssr) return;
      const written = await buildCards(config.root, path.resolve(config.root, config.build.outDir), process.env, Date.now());
      config.logger.info(`Link-preview cards of ${written.length} live post(s) in ${config.build.outDir}/og/.`);
    },
  };
}
