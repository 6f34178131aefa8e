import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { routePreloadScript } from "./routePreload";

const bundle = {
  "assets/index-a.js": { type: "chunk" as const, fileName: "assets/index-a.js", facadeModuleId: "/repo/index.html" },
  "assets/StatsPage-b.js": {
    type: "chunk" as const,
    fileName: "assets/StatsPage-b.js",
    facadeModuleId: "/repo/src/pages/stats/StatsPage.tsx",
    viteMetadata: { importedCss: new Set(["assets/StatsPage-c.css"]) },
  },
  "assets/logo.svg": { type: "asset" as const },
};
const routes = [{ path: "^/stats/?$", module: "src/pages/stats/StatsPage.tsx" }];

/** Runs the script as a page at `pathname` would, and returns the links it added. */
function linksAt(pathname: string, script: string): Array<Record<string, string>> {
  const added: Array<Record<string, string>> = [];
  const document = {
    createElement: () => ({}) as Record<string, string>,
    head: { appendChild: (link: Record<string, string>) => added.push({ ...link }) },
  };
  runInNewContext(script, { document, location: { pathname } });
  return added;
}

describe("routePreloadScript", () => {
  it("preloads the route's chunk and stylesheet on that route only", () => {
    const script = routePreloadScript(bundle, routes)!;
    expect(linksAt("/stats", script)).toEqual([
      { rel: "modulepreload", href: "/assets/StatsPage-b.js" },
      { rel: "preload", as: "style", href: "/assets/StatsPage-c.css" },
    ]);
    expect(linksAt("/stats/", script)).toHaveLength(2);
    expect(linksAt("/", script)).toEqual([]);
    expect(linksAt("/stats-and-figures", script)).toEqual([]);
  });

  it("follows the configured base", () => {
    expect(linksAt("/stats", routePreloadScript(bundle, routes, "/blog/")!)[0]!.href).toBe("/blog/assets/StatsPage-b.js");
  });

  it("adds nothing when the route's module was not split into a chunk", () => {
    expect(routePreloadScript(bundle, [{ path: "^/tags$", module: "src/pages/tags/TagsPage.tsx" }])).toBeNull();
  });
});
