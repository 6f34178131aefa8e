import { describe, expect, it } from "vitest";
import { initialFiles, type Manifest } from "./initialChunks";

const manifest: Manifest = {
  "index.html": { file: "assets/index.js", isEntry: true, imports: ["_vendor.js"], css: ["assets/index.css"] },
  "_vendor.js": { file: "assets/vendor.js" },
  "src/pages/stats/StatsPage.tsx": {
    file: "assets/StatsPage.js",
    imports: ["index.html", "_chart.js"],
    css: ["assets/StatsPage.css"],
  },
  "_chart.js": { file: "assets/chart.js", imports: ["_vendor.js"] },
  "src/pages/Other.tsx": { file: "assets/Other.js", imports: ["index.html"] },
};

describe("initialFiles", () => {
  it("counts the entry and its static imports, not lazy chunks", () => {
    expect(initialFiles(manifest)).toEqual({ js: ["assets/index.js", "assets/vendor.js"], css: ["assets/index.css"] });
  });

  it("adds a lazy route's chunk and its own imports once", () => {
    expect(initialFiles(manifest, ["src/pages/stats/StatsPage.tsx"])).toEqual({
      js: ["assets/index.js", "assets/vendor.js", "assets/StatsPage.js", "assets/chart.js"],
      css: ["assets/index.css", "assets/StatsPage.css"],
    });
  });

  it("fails loudly for a module the build did not produce", () => {
    expect(() => initialFiles(manifest, ["src/pages/Missing.tsx"])).toThrow(/Missing/);
  });
});
