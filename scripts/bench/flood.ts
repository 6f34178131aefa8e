// `npm run bench:flood`: how the local backend holds up when one client
// floods it, and how its costs grow with stored page views. The backend runs
// as its own process on 127.0.0.1 (BENCH_FLOOD_PORT, default 3418; the
// getstats phase's second store takes any free port) in a temporary folder;
// every phase has a fixed number of calls and a time bound.
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { getFunctionName } from "convex/server";
import { api } from "../../convex/_generated/api";
import { VIEW_BATCH } from "../../convex/dashboard.rollup.ts";
import { ROLLUP_BATCH } from "../../convex/stats.rollup.ts";
import { STATUS_PATH, startLocalBackend } from "../../local/index.ts";
import type { BackendProcess } from "../../local/testing.ts";
import {
  cpuMsOf,
  dashboardRollup,
  foldAll,
  ms,
  p50p95,
  PHASE_TIMEOUT_MS,
  pollStatus,
  quantile,
  runRollup,
  seededFolder,
  startBackend,
  statsRollup,
  stopBackend,
  thousands,
  timed,
  url,
  view,
  withBackend,
  withTimeout,
  wsClient,
} from "./floodHarness.ts";
import { budgetsPhase, livePhase } from "./floodBudgets.ts";
import { burstPhase } from "./floodBurst.ts";

const FLOOD_MUTATIONS = 5_000;
/** The flood keeps this many mutations in flight, the backend's cap per connection. */
const FLOOD_WINDOW = 1_000;
const HELD_SUBSCRIPTIONS = 200;
const SECOND_CLIENT_ROUNDS = 60;
const THROUGHPUT_CALLS = 200;
/** Timed blocks of THROUGHPUT_CALLS each way, alternating, after one untimed block. */
const THROUGHPUT_PAIRS = 3;
const LEVELS = [1_000, 10_000, 30_000];
/** getStats calls per store before timing, and timed calls per store. */
const GETSTATS_WARMUP = 50;
const GETSTATS_SAMPLES = 300;
/** In-process starts timed on the rollup phase's data folder, and fresh starts per rollup whose first run is timed. */
const STARTS = 3;

/**
 * Until the server has confirmed that the client dropped its one-off
 * getStats subscription. Before that, `query()` answers from the client's
 * own copy of the last result without asking the server at all.
 */
async function forgotten(client: ConvexClient) {
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  while (client.client.localQueryResult(getFunctionName(api.stats.getStats), {}) !== undefined) {
    if (Date.now() > deadline) throw new Error("the server never confirmed a dropped subscription");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** The second client: sequential getStats (and, if asked, recordPageView) calls over its own socket. */
async function secondClient(rounds: number, alsoWrite: boolean) {
  const client = wsClient();
  const reads: number[] = [];
  const writes: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      if (alsoWrite) writes.push(await timed(() => client.mutation(api.stats.recordPageView, view())));
      reads.push(await timed(() => client.query(api.stats.getStats, {})));
      await forgotten(client);
    }
  } finally {
    await client.close();
  }
  return { reads, writes };
}

async function floodPhase() {
  const flooder = wsClient();
  const status = pollStatus();
  let sent = 0;
  let refused = 0;
  const flood = (async () => {
    const worker = async () => {
      while (sent < FLOOD_MUTATIONS) {
        sent += 1;
        await flooder.mutation(api.stats.recordPageView, view()).catch(() => (refused += 1));
      }
    };
    await Promise.all(Array.from({ length: FLOOD_WINDOW }, worker));
  })();
  const started = performance.now();
  const second = await secondClient(SECOND_CLIENT_ROUNDS, false);
  const secondDone = performance.now() - started;
  await withTimeout("the flood", flood);
  const floodDone = performance.now() - started;
  const statusTimes = await status.stop();
  await flooder.close();
  console.log(`\n1. One socket sends ${thousands(FLOOD_MUTATIONS)} recordPageView mutations (${FLOOD_WINDOW} in flight), ~3,000 stored views`);
  console.log(`   second client's getStats: ${p50p95(second.reads)}, all ${SECOND_CLIENT_ROUNDS} within ${ms(secondDone)} of the flood's ${ms(floodDone)}`);
  console.log(`   /_local/status: ${p50p95(statusTimes)}, max ${ms(Math.max(...statusTimes))}`);
  if (refused > 0) console.log(`   (${refused} flood mutations failed)`);
}

async function subscriptionsPhase() {
  const holder = wsClient();
  const stops: Array<() => void> = [];
  let answered = 0;
  // Distinct arguments, so each is a query of its own on the server.
  for (let i = 0; i < HELD_SUBSCRIPTIONS; i++) {
    stops.push(holder.onUpdate(api.presence.readers, { path: `/held-${i}` }, () => void (answered += 1)));
  }
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  while (answered < HELD_SUBSCRIPTIONS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const status = pollStatus();
  const second = await withTimeout("the second client", secondClient(SECOND_CLIENT_ROUNDS, true));
  const statusTimes = await status.stop();
  for (const stop of stops) stop();
  await holder.close();
  console.log(`\n2. One socket holds ${HELD_SUBSCRIPTIONS} presence.readers subscriptions (differing in \`path\`); a second client writes and reads`);
  console.log(`   second client's recordPageView: ${p50p95(second.writes)}`);
  console.log(`   second client's getStats: ${p50p95(second.reads)}`);
  console.log(`   /_local/status: ${p50p95(statusTimes)}, max ${ms(Math.max(...statusTimes))}`);
}

async function throughput(withSubscriber: boolean): Promise<number> {
  const http = new ConvexHttpClient(url);
  const subscriber = withSubscriber ? wsClient() : null;
  let updates = 0;
  const stop = subscriber?.onUpdate(api.stats.getStats, {}, () => void (updates += 1));
  try {
    if (subscriber) while (updates === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const elapsed = await timed(async () => {
      for (let i = 0; i < THROUGHPUT_CALLS; i++) await http.mutation(api.stats.recordPageView, view());
    });
    return (THROUGHPUT_CALLS / elapsed) * 1000;
  } finally {
    stop?.();
    await subscriber?.close();
  }
}

async function levelsPhase() {
  console.log(
    `\n3. Sequential recordPageView calls over HTTP, views folded by the rollups first: ${THROUGHPUT_PAIRS} blocks of ` +
      `${THROUGHPUT_CALLS} calls each way (alone / with a /stats subscriber), alternating, after one untimed block`,
  );
  const perSecond = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
  for (const count of LEVELS) {
    await withBackend(count, true, async () => {
      await withTimeout("throughput", throughput(false));
      const alone: number[] = [];
      const watched: number[] = [];
      for (let i = 0; i < THROUGHPUT_PAIRS; i++) {
        for (const withSubscriber of i % 2 === 0 ? [false, true] : [true, false]) {
          (withSubscriber ? watched : alone).push(await withTimeout("throughput", throughput(withSubscriber)));
        }
      }
      const [a, w] = [quantile(alone, 0.5), quantile(watched, 0.5)];
      console.log(
        `   ${thousands(count).padStart(6)} stored views: ${perSecond(alone)} / s alone, ${perSecond(watched)} / s with a subscriber; ` +
          `medians ${a.toFixed(0)} vs ${w.toFixed(0)} / s, ${(a / w).toFixed(2)}× slower`,
      );
    });
  }
}

/**
 * getStats at the fewest and the most stored views. A call takes a few
 * milliseconds, so on a shared machine one busy moment can move a median:
 * both stores run at once, calls alternate between them (which goes first
 * alternates too), and only calls after a warm-up count.
 */
async function getStatsRound(round: number) {
  const counts = [LEVELS[0]!, LEVELS.at(-1)!] as const;
  const folders = counts.map((count) => seededFolder(count));
  const backends: BackendProcess[] = [];
  try {
    for (const [i, folder] of folders.entries()) {
      const backend = await startBackend(folder.dataDir, 0);
      backends.push(backend);
      await foldAll(counts[i]!, folder.dataDir, backend.url);
    }
    const clients = backends.map((backend) => new ConvexHttpClient(backend.url));
    const reads: number[][] = counts.map(() => []);
    for (let i = 0; i < GETSTATS_WARMUP + GETSTATS_SAMPLES; i++) {
      for (const j of i % 2 === 0 ? [0, 1] : [1, 0]) {
        // A new view first, so the backend cannot answer from its cached
        // result; both stores' unfolded tails grow alike.
        await clients[j]!.mutation(api.stats.recordPageView, view());
        const took = await timed(() => clients[j]!.query(api.stats.getStats, {}));
        if (i >= GETSTATS_WARMUP) reads[j]!.push(took);
      }
    }
    const [low, high] = reads as [number[], number[]];
    const ratio = (q: number) => (quantile(high, q) / quantile(low, q)).toFixed(2);
    console.log(
      `   round ${round}: ${thousands(counts[0])} views ${p50p95(low)}; ${thousands(counts[1])} views ${p50p95(high)}; ` +
        `${thousands(counts[1])} vs ${thousands(counts[0])}: p50 ${ratio(0.5)}×, p95 ${ratio(0.95)}×`,
    );
  } finally {
    for (const backend of backends) await stopBackend(backend);
    for (const folder of folders) folder.remove();
  }
}

async function getStatsPhase() {
  console.log(
    `\n4. getStats over HTTP, each call after a new view, ${GETSTATS_SAMPLES} calls per store after ${GETSTATS_WARMUP} untimed, ` +
      `two stores side by side (views folded first)`,
  );
  for (let round = 1; round <= 3; round++) await withTimeout("getStats round", getStatsRound(round));
}

/** The in-process start (replay the log, load the functions, sort the indexes) on `dataDir`, STARTS times. */
async function startUpTimes(dataDir: string): Promise<string[]> {
  const times: string[] = [];
  for (let i = 0; i < STARTS; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const backend = await startLocalBackend({ port: 0, dataDir, quiet: true, watch: false });
    const used = process.cpuUsage(cpu);
    times.push(`${ms(performance.now() - started)} (CPU ${ms((used.user + used.system) / 1000)})`);
    await backend.close();
  }
  return times;
}

async function rollupPhase() {
  const count = LEVELS.at(-1)!;
  const folder = seededFolder(count);
  try {
    const starts = await startUpTimes(folder.dataDir);
    console.log(`\n5. Start-up with ${thousands(count)} stored views, in process (replay the log, load the functions, sort the indexes)`);
    console.log(`   ${starts.join(", ")}`);
    for (const [name, rollup, batch] of [
      ["stats:rollupPageViews", statsRollup, ROLLUP_BATCH],
      ["dashboard:rollup", dashboardRollup, VIEW_BATCH],
    ] as const) {
      // Each rollup's first run comes right after a fresh start (the first
      // read of the indexes it uses), STARTS times; the last start then folds the rest.
      const firsts: Array<{ run: number; status: number; cpu: number | null }> = [];
      let backend: BackendProcess | null = null;
      try {
        for (let i = 0; i < STARTS; i++) {
          if (backend !== null) await stopBackend(backend);
          backend = null;
          backend = await startBackend(folder.dataDir);
          // The bench's own first requests (its HTTP client warming up) are not the backend's stall.
          for (let k = 0; k < 3; k++) await (await fetch(`${url}${STATUS_PATH}`)).arrayBuffer();
          const status = pollStatus();
          const cpuBefore = cpuMsOf(backend.child.pid);
          const [run] = await runRollup(folder.dataDir, rollup, 1);
          const cpuAfter = cpuMsOf(backend.child.pid);
          const cpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
          firsts.push({ run: run!, status: Math.max(...(await status.stop())), cpu });
        }
        // Folding from scratch takes many runs, each its own transaction;
        // other clients get their turn between runs, so the stall is one run.
        const status = pollStatus();
        const started = performance.now();
        const runs = await runRollup(folder.dataDir, rollup, Math.ceil(count / batch) - STARTS);
        const total = performance.now() - started;
        const statusTimes = await status.stop();
        console.log(`\n6. ${name} folds ${thousands(count)} stored views in batches of ${thousands(batch)}`);
        console.log(
          `   first run right after a start, ${STARTS} starts: ${firsts.map((f) => ms(f.run)).join(", ")}; ` +
            `longest /_local/status meanwhile: ${firsts.map((f) => ms(f.status)).join(", ")}; ` +
            `backend CPU meanwhile: ${firsts.map((f) => (f.cpu === null ? "n/a" : `${f.cpu} ms`)).join(", ")}`,
        );
        console.log(`   the other ${runs.length} runs (${ms(total)} in all), each over HTTP: ${p50p95(runs)}, longest ${ms(Math.max(...runs))}`);
        console.log(`   /_local/status meanwhile: ${p50p95(statusTimes)}, longest ${ms(Math.max(...statusTimes))}`);
      } finally {
        if (backend !== null) await stopBackend(backend);
      }
    }
  } finally {
    folder.remove();
  }
}

const PHASES = ["flood", "levels", "getstats", "rollup", "budgets", "live", "burst"] as const;
type Phase = (typeof PHASES)[number];

/** BENCH_FLOOD_PHASES (comma-separated, e.g. `rollup`) runs only those phases; unset runs all. */
function phasesFromEnv(value: string | undefined): Set<Phase> {
  if (value === undefined || value.trim() === "") return new Set(PHASES);
  const asked = value.split(",").map((name) => name.trim());
  const unknown = asked.filter((name) => !(PHASES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_FLOOD_PHASES: unknown phase ${unknown.join(", ")} (known: ${PHASES.join(", ")})`);
  return new Set(asked as Phase[]);
}

async function main() {
  const phases = phasesFromEnv(process.env.BENCH_FLOOD_PHASES);
  console.log(`Flood benchmark: the local backend as its own process on ${url}`);
  if (phases.has("flood")) {
    // Apart, so that the rollups folding the flood's views do not run during the second.
    await withBackend(3_000, true, floodPhase);
    await withBackend(3_000, true, subscriptionsPhase);
  }
  if (phases.has("levels")) await levelsPhase();
  if (phases.has("getstats")) await getStatsPhase();
  if (phases.has("rollup")) await rollupPhase();
  if (phases.has("budgets")) await budgetsPhase();
  if (phases.has("live")) await livePhase();
  if (phases.has("burst")) await burstPhase();
}

main().catch((error: unknown) => {
  console.error(`bench:flood failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
