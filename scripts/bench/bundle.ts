// Bundle benchmark: gzip size of the JavaScript (and CSS) each page loads before
// it can render, from a real production build. Budgets: a post page ≤ 110 kB gzip
// (the JS its text waits for: the body is stored HTML, no lazy chunk before it),
// the /stats route's lazy chunks ≤ 60 kB gzip beyond the shared entry, and the
// search dialog ≤ 30 kB gzip, loaded when search opens.
// kB = 1,000 bytes, as Vite reports them.
//
// Builds with the project's vite.config.ts into a temporary directory, with the
// manifest switched on, so it never touches dist/.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { initialFiles, type Manifest } from "./initialChunks";

const POST_PAGE_BUDGET_KB = 110;
const STATS_LAZY_BUDGET_KB = 60;
/** Loaded after the landing view is recorded, never before a page renders. */
const TRACKER_LAZY = "src/tracking/visitContext.ts";
/** The code blocks' bars (language, Copy): a lazy chunk a post's text never waits for. */
const CODE_BARS = "src/components/article/codeCopy.ts";
/** The search dialog, its engine and stemmer: fetched only when search opens. */
const SEARCH_DIALOG = "src/components/search/SearchDialog.tsx";
const SEARCH_LAZY_BUDGET_KB = 30;
/** The world map's shapes: fetched by the Countries panel as /stats renders, so inside the /stats budget. */
const MAP_SHAPES = "src/pages/stats/dashboard/map/worldShapes.ts";
/** The zip library, fetched only when "Download all" is pressed. */
const ZIP_LIBRARY = "node_modules/fflate/esm/browser.js";

// Lazy modules each route renders at first paint; Home, posts, pages and 404 live in the entry.
const ROUTES: Array<{ page: string; lazy: string[] }> = [
  { page: "home (/)", lazy: [] },
  { page: "post (/:slug)", lazy: [] },
  { page: "page (/:slug)", lazy: [] },
  { page: "404", lazy: [] },
  { page: "stats (/stats)", lazy: ["src/pages/stats/StatsPage.tsx"] },
];

const outDir = mkdtempSync(join(tmpdir(), "bundle-bench-"));
try {
  await build({ logLevel: "warn", build: { outDir, emptyOutDir: true, manifest: true } });
  const manifest = JSON.parse(readFileSync(join(outDir, ".vite/manifest.json"), "utf8")) as Manifest;
  const gzipKb = (files: string[]) =>
    files.reduce((sum, file) => sum + gzipSync(readFileSync(join(outDir, file))).length, 0) / 1000;

  console.log("page              initial JS (gzip)   CSS (gzip)   files");
  let postKb = 0;
  let statsKb = 0;
  for (const { page, lazy } of ROUTES) {
    const { js, css } = initialFiles(manifest, lazy);
    const jsKb = gzipKb(js);
    if (page.startsWith("post")) postKb = jsKb;
    if (page.startsWith("stats")) statsKb = jsKb;
    console.log(`${page.padEnd(18)}${jsKb.toFixed(1).padStart(10)} kB${gzipKb(css).toFixed(1).padStart(14)} kB   ${js.length} js`);
  }
  // A post's body is its stored HTML, inserted in the first render: the text
  // waits for the entry and nothing else (issue 23's target, 110 kB).
  const textKb = postKb;
  const ok = textKb <= POST_PAGE_BUDGET_KB;
  console.log(`JS a post's text waits for: ${textKb.toFixed(1)} kB gzip (the entry; no lazy chunk before the body shows)`);
  console.log(`post page budget ${POST_PAGE_BUDGET_KB} kB gzip: ${ok ? "within" : "OVER"} (${postKb.toFixed(1)} kB)`);
  const bars = manifest[CODE_BARS];
  if (!bars) throw new Error(`${CODE_BARS} is not a chunk of its own: the code bars would be in the entry`);
  console.log(`code bars (lazy, after the text shows): ${gzipKb([bars.file]).toFixed(1)} kB gzip`);
  if (Object.keys(manifest).some((key) => /dompurify|sanitiz/i.test(key))) throw new Error("a sanitizer is in the build again: a post's text would wait for it");
  const shapes = manifest[MAP_SHAPES];
  if (!shapes) throw new Error(`${MAP_SHAPES} is not a chunk of its own: the map would hold up the page`);
  const mapKb = gzipKb([shapes.file]);
  const statsLazyKb = statsKb - gzipKb(initialFiles(manifest).js) + mapKb;
  const statsOk = statsLazyKb <= STATS_LAZY_BUDGET_KB;
  console.log(
    `/stats lazy chunks budget ${STATS_LAZY_BUDGET_KB} kB gzip beyond the entry, map included: ${statsOk ? "within" : "OVER"} (${statsLazyKb.toFixed(1)} kB, of which the map's shapes ${mapKb.toFixed(1)} kB)`,
  );
  const zip = manifest[ZIP_LIBRARY];
  if (!zip) throw new Error(`${ZIP_LIBRARY} is not a chunk of its own: the zip library would load with /stats`);
  console.log(`zip library (lazy, on "Download all"): ${gzipKb([zip.file]).toFixed(1)} kB gzip`);
  const tracker = manifest[TRACKER_LAZY];
  if (!tracker) throw new Error(`${TRACKER_LAZY} is not a chunk of its own: it would be in the initial JS`);
  console.log(`visit context parser (lazy, after the first view): ${gzipKb([tracker.file]).toFixed(1)} kB gzip`);
  const entry = initialFiles(manifest);
  const search = initialFiles(manifest, [SEARCH_DIALOG]);
  const searchKb = gzipKb(search.js) - gzipKb(entry.js) + gzipKb(search.css) - gzipKb(entry.css);
  const searchOk = searchKb <= SEARCH_LAZY_BUDGET_KB;
  console.log(`search dialog budget ${SEARCH_LAZY_BUDGET_KB} kB gzip, JS and CSS, when search opens: ${searchOk ? "within" : "OVER"} (${searchKb.toFixed(1)} kB)`);
  if (!ok || !statsOk || !searchOk) process.exitCode = 1;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
