// A lazily loaded route's chunk is found only after the entry has run, one
// round trip too late for a page opened directly at that route. The built
// index.html gets a tiny inline script that, on that route only, preloads the
// route's chunk and stylesheet alongside the entry. Other pages load nothing more.
import type { Plugin } from "vite";

/** A route opened directly, and the module its lazy element imports. */
export interface LazyRoute {
  /** Pathnames that render the route, as a RegExp source (tested against `location.pathname`). */
  path: string;
  /** The module's path from the project root, e.g. "src/pages/stats/StatsPage.tsx". */
  module: string;
}

export const LAZY_ROUTES: readonly LazyRoute[] = [{ path: "^/stats/?$", module: "src/pages/stats/StatsPage.tsx" }];

/** The parts of a built chunk this needs (Rollup's OutputChunk with Vite's metadata). */
interface BuiltChunk {
  type: "chunk";
  fileName: string;
  facadeModuleId: string | null;
  viteMetadata?: { importedCss: Set<string> };
}
type BuiltBundle = Record<string, BuiltChunk | { type: "asset" }>;

/** The id of the data element the preload script reads. */
export const ROUTE_PRELOAD_DATA_ID = "route-preloads";

/**
 * The inline script, the same in every build, so the site's policy can allow
 * it by its hash (netlify.toml holds that hash). The per-build file names sit
 * beside it in a JSON data element, which no policy needs to allow.
 * ES5 and no dependencies: it runs before anything else has loaded.
 */
export const ROUTE_PRELOAD_SCRIPT =
  `(function(){var d=document.getElementById("${ROUTE_PRELOAD_DATA_ID}");if(!d)return;` +
  `var r=JSON.parse(d.textContent),p=location.pathname;` +
  `for(var i=0;i<r.length;i++){if(!new RegExp(r[i][0]).test(p))continue;` +
  `for(var j=0;j<r[i][1].length;j++){var k=r[i][1][j],l=document.createElement("link");` +
  `if(k.charAt(0)==="m"){l.rel="modulepreload"}else{l.rel="preload";l.as="style"}` +
  `l.href=k.slice(2);document.head.appendChild(l)}}})();`;

/** The routes' chunks and stylesheets as the preload script reads them (JSON), or null when none of their modules is a chunk of `bundle`. */
export function routePreloadData(bundle: BuiltBundle, routes: readonly LazyRoute[], base = "/"): string | null {
  const entries: Array<[string, string[]]> = [];
  for (const route of routes) {
    const chunk = Object.values(bundle).find(
      (c): c is BuiltChunk => c.type === "chunk" && c.facadeModuleId !== null && c.facadeModuleId.replaceAll("\\", "/").endsWith(`/${route.module}`),
    );
    if (chunk === undefined) continue;
    const links = [`m:${base}${chunk.fileName}`, ...[...(chunk.viteMetadata?.importedCss ?? [])].map((css) => `s:${base}${css}`)];
    entries.push([route.path, links]);
  }
  // `<` escaped: the data sits inside a script element.
  return entries.length === 0 ? null : JSON.stringify(entries).replaceAll("<", "\\u003c");
}

export function routePreloadPlugin(routes: readonly LazyRoute[] = LAZY_ROUTES): Plugin {
  let base = "/";
  return {
    name: "markdown-site:route-preload",
    apply: "build",
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        if (ctx.bundle === undefined) return [];
        const data = routePreloadData(ctx.bundle as unknown as BuiltBundle, routes, base);
        if (data === null) return [];
        return [
          { tag: "script", attrs: { type: "application/json", id: ROUTE_PRELOAD_DATA_ID }, children: data, injectTo: "head" },
          { tag: "script", children: ROUTE_PRELOAD_SCRIPT, injectTo: "head" },
        ];
      },
    },
  };
}
