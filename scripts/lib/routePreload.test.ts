import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ROUTE_PRELOAD_DATA_ID, ROUTE_PRELOAD_SCRIPT, routePreloadData } from "./routePreload";

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

/** Runs the preload script as a page at `pathname` with `data` in its head would, and returns the links it added. */
function linksAt(pathname: string, data: string | null): Array<Record<string, string>> {
  const added: Array<Record<string, string>> = [];
  const document = {
    getElementById: (id: string) => (id === ROUTE_PRELOAD_DATA_ID && data !== null ? { textContent: data } : null),
    createElement: () => ({}) as Record<string, string>,
    head: { appendChild: (link: Record<string, string>) => added.push({ ...link }) },
  };
  runInNewContext(ROUTE_PRELOAD_SCRIPT, { document, location: { pathname } });
  return added;
}

describe("route preloads", () => {
  it("preloads the route's chunk and stylesheet on that route only", () => {
    const script = routePreloadData(bundle, routes);
    expect(linksAt("/stats", script)).toEqual([
      { rel: "modulepreload", href: "/assets/StatsPage-b.js" },
      { rel: "preload", as: "style", href: "/assets/StatsPage-c.css" },
    ]);
    expect(linksAt("/stats/", script)).toHaveLength(2);
    expect(linksAt("/", script)).toEqual([]);
    expect(linksAt("/stats-and-figures", script)).toEqual([]);
  });

  it("follows the configured base", () => {
    expect(linksAt("/stats", routePreloadData(bundle, routes, "/blog/"))[0]!.href).toBe("/blog/assets/StatsPage-b.js");
  });

  it("adds nothing when the route's module was not split into a chunk", () => {
    expect(routePreloadData(bundle, [{ path: "^/tags$", module: "src/pages/tags/TagsPage.tsx" }])).toBeNull();
  });

  it("runs the same script in every build, so its hash can be allowed once; a build without the data adds nothing", () => {
    expect(ROUTE_PRELOAD_SCRIPT).not.toContain("StatsPage");
    expect(linksAt("/stats", null)).toEqual([]);
  });

  it("keeps the data from closing its script element", () => {
    const data = routePreloadData(bundle, [{ path: "</script><script>alert(1)//", module: "src/pages/stats/StatsPage.tsx" }])!;
    expect(data).not.toContain("<");
    expect(JSON.parse(data)[0][0]).toBe("</script><script>alert(1)//");
  });
});
