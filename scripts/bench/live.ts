// `npm run bench:live`: the local backend under `npm run dev`'s own stack.
//  1. view-to-/stats latency in a real browser (Debian's Chromium), over 50 views
//  2. recordPageView throughput with 10,000 stored page views
//  3. view-to-every-dashboard-panel latency through ConvexClient subscriptions, over 50 views
//  4. the same latencies at 10,000 views, getStats over HTTP, and a restart
// Prints figures only; the stack's output goes to a log file in a temp folder.
import { openSync, closeSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { ConvexHttpClient } from "convex/browser";
import { api, internal } from "../../convex/_generated/api";
import { VIEW_BATCH } from "../../convex/dashboard.rollup.ts";
import { ROLLUP_BATCH } from "../../convex/stats.rollup.ts";
import { adminHttpClient } from "../../local/adminClient.ts";
import { readAdminKey } from "../../local/adminKey.ts";
import type { PostSummary } from "../../convex/validators.ts";
import { REPO_ROOT, STATUS_PATH, startLocalBackend } from "../../local/index.ts";
import { makeTempDir } from "../../local/testing.ts";
import { detectDevMode, portFromEnv } from "../lib/devMode.ts";
import { startChild, stopAll, waitForHttp } from "../lib/devProcesses.ts";
import { launchBrowser, shownTotal, timeOneView, watchStats } from "./liveBrowser.ts";
import { benchView, timeDashboardViews } from "./liveDashboard.ts";

const VIEWS_TIMED = 50;
const STORED_VIEWS = 10_000;
const THROUGHPUT_CALLS = 300;

const sitePort = portFromEnv(process.env.BENCH_SITE_PORT, 5417, "BENCH_SITE_PORT");
const backendPort = portFromEnv(process.env.BENCH_BACKEND_PORT, 3417, "BENCH_BACKEND_PORT");
const siteUrl = `http://localhost:${sitePort}`;
const backendUrl = `http://127.0.0.1:${backendPort}`;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const ms = (x: number) => `${Math.round(x)} ms`;
const count = (n: number) => n.toLocaleString("en-US");
const spread = (xs: number[]) => `p50 ${ms(quantile(xs, 0.5))}, p95 ${ms(quantile(xs, 0.95))}, max ${ms(Math.max(...xs))}`;

async function storedViews(http: ConvexHttpClient): Promise<number> {
  return (await http.query(api.stats.getStats, {})).totalPageViews;
}

/** Sequential recordPageView calls from new visitors; returns calls per second. */
async function recordViews(http: ConvexHttpClient, calls: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    await http.mutation(api.stats.recordPageView, { path: "/", pageType: "home", sessionId: randomUUID() });
  }
  return (calls / (performance.now() - start)) * 1000;
}

async function timeViews(http: ConvexHttpClient, posts: PostSummary[]): Promise<number[]> {
  const browser = await launchBrowser();
  try {
    const stats = await watchStats(browser, siteUrl);
    // Right after a burst of views the page may still be catching up: give it time to settle.
    const stored = await storedViews(http);
    let total = await shownTotal(stats);
    for (const until = performance.now() + 30_000; total !== stored && performance.now() < until; total = await shownTotal(stats)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (total !== stored) throw new Error(`/stats shows ${total} views, but ${stored} are stored`);
    const times: number[] = [];
    for (let i = 0; i < VIEWS_TIMED; i++) {
      total += 1;
      times.push(await timeOneView(browser, stats, `${siteUrl}/${posts[i % posts.length]!.slug}`, total));
    }
    return times;
  } finally {
    await browser.close();
  }
}

/**
 * Folds every stored view into both rollups, as the minute cron and the
 * rollups' own follow-up runs would within a minute or so of a burst. The
 * timings below are then those of a steady site, not of the first minute
 * after thousands of views arrived at once (see prds/stats.md).
 */
async function foldAll(dataDir: string, stored: number) {
  const admin = adminHttpClient(backendUrl, readAdminKey(dataDir));
  const start = performance.now();
  for (let i = 0; i <= Math.ceil(stored / ROLLUP_BATCH); i++) await admin.mutation(internal.stats.rollupPageViews, {});
  for (let i = 0; i <= Math.ceil(stored / VIEW_BATCH); i++) await admin.mutation(internal.dashboard.rollup, { chain: true });
  console.log(`(both rollups caught up with ${count(stored)} views: ${ms(performance.now() - start)})`);
}

/** Views with their own source, campaign, device, browser, OS and country, timed until every dashboard panel shows them. */
async function timeDashboard(posts: PostSummary[], stored: number) {
  const views = Array.from({ length: VIEWS_TIMED }, (_, i) => benchView(i, posts.map((p) => `/${p.slug}`)));
  const { all, byPanel } = await timeDashboardViews(backendUrl, views);
  const panels = [...byPanel].sort((a, b) => quantile(a[1], 0.95) - quantile(b[1], 0.95));
  const [fastest, slowest] = [panels[0]!, panels[panels.length - 1]!];
  console.log(
    `view → every /stats panel (${byPanel.size} subscriptions), ${VIEWS_TIMED} views at ~${count(stored)} stored: ${spread(all)}` +
      `; fastest panel ${fastest[0]} (p95 ${ms(quantile(fastest[1], 0.95))}), slowest ${slowest[0]} (p95 ${ms(quantile(slowest[1], 0.95))})`,
  );
}

async function main() {
  const mode = detectDevMode(process.env, REPO_ROOT);
  if (mode.kind === "cloud") throw new Error(`bench:live needs the local backend, but ${mode.reason}`);
  const temp = makeTempDir("bench-live-");
  const dataDir = path.join(temp.dir, "backend");
  const logFile = path.join(temp.dir, "stack.log");
  const logFd = openSync(logFile, "a");

  console.log("Live benchmark: `npm run dev`'s stack (local backend + Vite), Debian's Chromium");
  const stack = startChild("npm run dev", process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "scripts", "dev.ts")], {
    SITE_PORT: String(sitePort),
    LOCAL_BACKEND_PORT: String(backendPort),
    LOCAL_BACKEND_DIR: dataDir,
    // Its browser is automated: the dev-only switch lets its views count (src/tracking/settings.ts).
    VITE_COUNT_AUTOMATION: "true",
  }, logFd);
  try {
    const up = (await waitForHttp(`${backendUrl}${STATUS_PATH}`, { abort: stack.exited, timeoutMs: 60_000 })) &&
      (await waitForHttp(siteUrl, { abort: stack.exited, timeoutMs: 60_000 }));
    if (!up) throw new Error(`the stack did not start; its output is in ${logFile}`);
    const http = new ConvexHttpClient(backendUrl);
    const posts = await http.query(api.posts.list, {});
    if (posts.length === 0) throw new Error("content/ has no published post to view");

    const emptyRate = await recordViews(http, THROUGHPUT_CALLS);
    console.log(`\nrecordPageView throughput, ${count(await storedViews(http))} stored views: ${emptyRate.toFixed(0)} / s (sequential HTTP calls)`);
    await foldAll(dataDir, await storedViews(http));
    const small = await timeViews(http, posts);
    console.log(`view → /stats update, ${VIEWS_TIMED} views at ~${count(THROUGHPUT_CALLS)} stored: ${spread(small)}`);
    await timeDashboard(posts, await storedViews(http));

    console.log(`\nseeding to ${count(STORED_VIEWS)} stored views…`);
    for (let stored = await storedViews(http); stored < STORED_VIEWS; stored = await storedViews(http)) {
      await recordViews(http, Math.min(1_000, STORED_VIEWS - stored));
    }
    const stored = await storedViews(http);
    const rate = await recordViews(http, THROUGHPUT_CALLS);
    console.log(`recordPageView throughput, ${count(stored)} stored views: ${rate.toFixed(0)} / s (sequential HTTP calls)`);
    await foldAll(dataDir, await storedViews(http));
    const large = await timeViews(http, posts);
    console.log(`view → /stats update, ${VIEWS_TIMED} views at ~${count(stored)} stored: ${spread(large)}`);
    await timeDashboard(posts, await storedViews(http));
    const queries: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      await storedViews(http);
      queries.push(performance.now() - start);
    }
    console.log(`getStats over HTTP at ~${count(stored)} stored views: ${spread(queries)}`);
  } finally {
    await stopAll();
    closeSync(logFd);
  }

  const start = performance.now();
  const backend = await startLocalBackend({ port: 0, dataDir, quiet: true, watch: false });
  const restart = performance.now() - start;
  console.log(`restart with ${count(backend.executor.documentCount())} documents (replay the log, load the functions): ${ms(restart)}`);
  await backend.close();
  temp.remove();
}

main().catch((error: unknown) => {
  console.error(`bench:live failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
