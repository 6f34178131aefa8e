// Phase `burst` of `npm run bench:flood`, on one data folder of 100,000
// folded views (BENCH_FLOOD_BURST_VIEWS): cold start and memory, the log
// with its snapshot against the whole log replayed (what every start did
// before snapshots), side by side; then a 5,000-view burst with the /stats
// page open, and how long its panels take to show it.
import { copyFileSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ConvexClient } from "convex/browser";
import { api } from "../../convex/_generated/api";
import type { DashboardSummary } from "../../convex/validators.ts";
import { LOG_FILE } from "../../local/storage.ts";
import { makeTempDir, type BackendProcess } from "../../local/testing.ts";
import { ANCHOR_STEP_MS, DEFAULT_RANGE, DIMENSIONS } from "../../src/pages/stats/dashboard/params.ts";
import { cpuMsOf, foldAll, ms, p50p95, pollStatus, seededFolder, startBackend, stopBackend, thousands, view, withTimeout, wsClient } from "./floodHarness.ts";

const BURST = 5_000;
/** The burst keeps this many recordPageView mutations in flight on one socket. */
const BURST_WINDOW = 200;
const STARTS = 3;
const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, msToWait));

function memoryMbOf(pid: number | undefined, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match === null ? null : Math.round(Number(match[1]) / 1024);
  } catch {
    return null;
  }
}

interface Start {
  wall: number;
  cpu: number | null;
  rss: number | null;
  peak: number | null;
}

async function timedStart(dataDir: string, extraArgs: string[]): Promise<{ backend: BackendProcess; start: Start }> {
  const started = performance.now();
  const backend = await startBackend(dataDir, undefined, extraArgs);
  const wall = performance.now() - started;
  const pid = backend.child.pid;
  return { backend, start: { wall, cpu: cpuMsOf(pid), rss: memoryMbOf(pid, "VmRSS"), peak: memoryMbOf(pid, "VmHWM") } };
}

const describeStarts = (starts: Start[]) =>
  starts
    .map((s) => `${ms(s.wall)} (CPU ${s.cpu === null ? "n/a" : ms(s.cpu)}, RSS ${s.rss ?? "n/a"} MB, peak ${s.peak ?? "n/a"} MB)`)
    .join("; ");

/** The /stats page's summary, with the page's other live queries open beside it. */
function openStatsPage(client: ConvexClient, onSummary: (summary: DashboardSummary) => void): Array<() => void> {
  const anchor = Date.now() - (Date.now() % ANCHOR_STEP_MS);
  const args = { range: DEFAULT_RANGE, anchor, filters: [] };
  const ignore = () => undefined;
  return [
    client.onUpdate(api.stats.getStats, {}, ignore),
    client.onUpdate(api.dashboard.settings, {}, ignore),
    client.onUpdate(api.dashboard.summary, args, onSummary),
    client.onUpdate(api.dashboard.series, args, ignore),
    ...DIMENSIONS.map((dimension) => client.onUpdate(api.dashboard.breakdown, { ...args, dimension }, ignore)),
  ];
}

async function burst() {
  const page = wsClient();
  let views = -1;
  let seenAt = 0;
  const stops = openStatsPage(page, (summary) => {
    views = summary.current.views;
    seenAt = performance.now();
  });
  const writer = wsClient();
  let status: ReturnType<typeof pollStatus> | null = null;
  try {
    while (views < 0) await sleep(20);
    await sleep(1_000);
    const before = views;
    status = pollStatus();
    const started = performance.now();
    let sent = 0;
    const worker = async () => {
      while (sent < BURST) {
        sent += 1;
        await writer.mutation(api.stats.recordPageView, view());
      }
    };
    await withTimeout("the burst", Promise.all(Array.from({ length: BURST_WINDOW }, worker)));
    const written = performance.now();
    await withTimeout("the panels catching up", (async () => {
      while (views < before + BURST) await sleep(5);
    })());
    const statusTimes = await status.stop();
    status = null;
    console.log(`   ${thousands(BURST)} recordPageView over one socket (${BURST_WINDOW} in flight): written in ${ms(written - started)}`);
    console.log(`   the summary panel showed all of them ${ms(Math.max(0, seenAt - written))} after the last was acknowledged (${ms(seenAt - started)} after the first was sent)`);
    console.log(`   /_local/status meanwhile: ${p50p95(statusTimes)}, longest ${ms(Math.max(...statusTimes))}`);
  } finally {
    await status?.stop();
    for (const stop of stops) stop();
    await writer.close();
    await page.close();
  }
}

export async function burstPhase() {
  const count = Number(process.env.BENCH_FLOOD_BURST_VIEWS ?? 100_000);
  const folder = seededFolder(count);
  const replayed = makeTempDir("bench-flood-replay-");
  try {
    console.log(`\n10. ${thousands(count)} stored views, folded by both rollups`);
    // The whole log, as every start replayed it before snapshots: folded with
    // snapshots off, kept aside, and started from a fresh copy each time.
    let backend: BackendProcess | null = await startBackend(folder.dataDir, undefined, ["--no-snapshots"]);
    await foldAll(count, folder.dataDir);
    await stopBackend(backend);
    const wholeLog = path.join(replayed.dir, "whole.jsonl");
    copyFileSync(path.join(folder.dataDir, LOG_FILE), wholeLog);
    // This start replays it all; its stop writes the snapshot.
    await stopBackend(await startBackend(folder.dataDir));
    backend = null;
    console.log(
      `   log: ${(statSync(wholeLog).size / 1e6).toFixed(0)} MB as written with snapshots off, ${(statSync(path.join(folder.dataDir, LOG_FILE)).size / 1e6).toFixed(0)} MB ` +
        "after the snapshot written on stop",
    );
    const snapshotStarts: Start[] = [];
    const replayStarts: Start[] = [];
    for (let i = 0; i < STARTS; i++) {
      // Alternating, so both see the same moments of the machine's load.
      for (const fromSnapshot of i % 2 === 0 ? [true, false] : [false, true]) {
        let dir = folder.dataDir;
        if (!fromSnapshot) {
          dir = path.join(replayed.dir, `start-${i}`);
          mkdirSync(dir, { mode: 0o700 });
          copyFileSync(wholeLog, path.join(dir, LOG_FILE));
          copyFileSync(path.join(folder.dataDir, "admin_key"), path.join(dir, "admin_key"));
        }
        const { backend: started, start } = await timedStart(dir, fromSnapshot ? [] : ["--no-snapshots"]);
        (fromSnapshot ? snapshotStarts : replayStarts).push(start);
        await stopBackend(started);
      }
    }
    console.log(`   cold start (spawn to listening) from the snapshot: ${describeStarts(snapshotStarts)}`);
    console.log(`   cold start replaying the whole log and sorting every index: ${describeStarts(replayStarts)}`);
    const wall = (xs: Start[]) => xs.map((s) => s.wall).sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`   median ratio, whole log / snapshot: ${(wall(replayStarts) / wall(snapshotStarts)).toFixed(2)}×`);

    console.log(`\n11. A burst with the /stats page open (getStats, settings, summary, series, every breakdown) at ${thousands(count)} stored views`);
    backend = await startBackend(folder.dataDir);
    try {
      await burst();
      console.log(`   backend RSS after the burst: ${memoryMbOf(backend.child.pid, "VmRSS") ?? "n/a"} MB, peak ${memoryMbOf(backend.child.pid, "VmHWM") ?? "n/a"} MB`);
    } finally {
      await stopBackend(backend);
    }
  } finally {
    folder.remove();
    replayed.remove();
  }
}
