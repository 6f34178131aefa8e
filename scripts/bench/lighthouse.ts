// `npm run bench:lighthouse`: Lighthouse (the npm package) in Debian's
// Chromium against `npm run preview` (a production build on the local
// backend). Home, a post, /stats and /about; mobile and desktop; 3 runs each;
// prints the median score of each category. Target: at least 95 everywhere.
// The post is the longest live one (the hardest page for performance and
// layout), or the one `--post <slug>` or BENCH_LIGHTHOUSE_POST names.
import { closeSync, openSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";
import { REPO_ROOT, STATUS_PATH } from "../../local/index.ts";
import { makeTempDir } from "../../local/testing.ts";
import { detectDevMode, portFromEnv } from "../lib/devMode.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../lib/chromium.ts";
import { startChild, stopAll, waitForHttp } from "../lib/devProcesses.ts";
import type { Post } from "../../convex/validators.ts";
import { siteContent } from "../../e2e/helpers/content.ts";
import { loadContent } from "../lib/content.ts";
import { livePosts } from "../lib/ogPreviews.ts";

const RUNS = 3;
const TARGET = 95;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
type Category = (typeof CATEGORIES)[number];
const FORM_FACTORS = ["mobile", "desktop"] as const;

const sitePort = portFromEnv(process.env.BENCH_SITE_PORT, 5418, "BENCH_SITE_PORT");
const backendPort = portFromEnv(process.env.BENCH_BACKEND_PORT, 3418, "BENCH_BACKEND_PORT");
const siteUrl = `http://localhost:${sitePort}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function scores(url: string, formFactor: (typeof FORM_FACTORS)[number], port: number): Promise<Record<Category, number>> {
  const config = formFactor === "desktop" ? desktopConfig : undefined;
  const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] }, config);
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const out = {} as Record<Category, number>;
  for (const category of CATEGORIES) out[category] = Math.round((result.lhr.categories[category]?.score ?? 0) * 100);
  return out;
}

/** The live post named, or else the longest live one. */
async function postToMeasure(slug: string | undefined): Promise<Post> {
  const { posts, problems } = await loadContent(path.join(REPO_ROOT, "content"));
  if (problems.length > 0) throw new Error("content/ has problems; `npm run sync -- --dry-run` names them");
  const live = livePosts(posts, Date.now());
  if (slug !== undefined) {
    const named = live.find((p) => p.slug === slug);
    if (!named) throw new Error(`no live post has the slug "${slug}" (live: ${live.map((p) => p.slug).join(", ")})`);
    return named;
  }
  const longest = [...live].sort((a, b) => b.content.length - a.content.length)[0];
  if (!longest) throw new Error("content/ needs a live post");
  return longest;
}

async function main() {
  const mode = detectDevMode(process.env, REPO_ROOT);
  if (mode.kind === "cloud") throw new Error(`bench:lighthouse needs the local backend, but ${mode.reason}`);
  const { pages } = await siteContent();
  const about = pages.find((p) => p.slug === "about") ?? pages[0];
  if (!about) throw new Error("content/ needs a published page");
  const post = await postToMeasure(parseArgs({ options: { post: { type: "string" } } }).values.post ?? process.env.BENCH_LIGHTHOUSE_POST);
  console.log(`Post: /${post.slug} (${post.content.length.toLocaleString("en-US")} characters of markdown)`);
  const paths = ["/", `/${post.slug}`, "/stats", about.path];

  const temp = makeTempDir("bench-lighthouse-");
  const logFile = path.join(temp.dir, "stack.log");
  const logFd = openSync(logFile, "a");
  console.log(`Lighthouse ${RUNS} runs per page and form factor, median per category, npm run preview, Debian's Chromium`);
  startChild("npm run preview", process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "scripts", "dev.ts"), "--preview"], {
    SITE_PORT: String(sitePort),
    LOCAL_BACKEND_PORT: String(backendPort),
    LOCAL_BACKEND_DIR: path.join(temp.dir, "backend"),
  }, logFd);
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: ["--headless=new", ...CHROMIUM_ARGS] });
  let below = 0;
  try {
    const up = (await waitForHttp(`http://127.0.0.1:${backendPort}${STATUS_PATH}`, { timeoutMs: 120_000 })) && (await waitForHttp(siteUrl, { timeoutMs: 180_000 }));
    if (!up) throw new Error(`the preview did not start; its output is in ${logFile}`);
    console.log(`\n${"page".padEnd(28)}${"form".padEnd(9)}${CATEGORIES.map((c) => c.padStart(16)).join("")}`);
    for (const pagePath of paths) {
      for (const formFactor of FORM_FACTORS) {
        const runs: Array<Record<Category, number>> = [];
        for (let i = 0; i < RUNS; i++) runs.push(await scores(`${siteUrl}${pagePath}`, formFactor, chrome.port));
        const medians = CATEGORIES.map((c) => median(runs.map((r) => r[c])));
        below += medians.filter((m) => m < TARGET).length;
        console.log(`${pagePath.padEnd(28)}${formFactor.padEnd(9)}${medians.map((m) => String(m).padStart(16)).join("")}`);
      }
    }
  } finally {
    chrome.kill();
    await stopAll();
    closeSync(logFd);
  }
  temp.remove();
  console.log(below === 0 ? `\nEvery median is at least ${TARGET}.` : `\n${below} median(s) below ${TARGET}.`);
  if (below > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`bench:lighthouse failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
