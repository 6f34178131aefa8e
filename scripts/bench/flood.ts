// `npm run bench:flood`: how the local backend holds up when one client
// floods it, and how its costs grow with stored page views. The backend runs
// as its own process on 127.0.0.1 (BENCH_FLOOD_PORT, default 3418) in a
// temporary folder; every phase has a fixed number of calls and a time bound.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import WebSocket from "ws";
import { api, internal } from "../../convex/_generated/api";
import { VIEW_BATCH } from "../../convex/dashboard.rollup.ts";
import { ROLLUP_BATCH } from "../../convex/stats.rollup.ts";
import { adminHttpClient } from "../../local/adminClient.ts";
import { readAdminKey } from "../../local/adminKey.ts";
import { STATUS_PATH } from "../../local/index.ts";
import { makeTempDir, spawnBackend, type BackendProcess } from "../../local/testing.ts";
import { portFromEnv } from "../lib/devMode.ts";
import { seedPageViews } from "./floodSeed.ts";

const FLOOD_MUTATIONS = 5_000;
/** The flood keeps this many mutations in flight, the backend's cap per connection. */
const FLOOD_WINDOW = 1_000;
const HELD_SUBSCRIPTIONS = 200;
const SECOND_CLIENT_ROUNDS = 60;
const THROUGHPUT_CALLS = 200;
const GETSTATS_SAMPLES = 30;
const LEVELS = [1_000, 10_000, 30_000];
const PHASE_TIMEOUT_MS = 180_000;

const port = portFromEnv(process.env.BENCH_FLOOD_PORT, 3418, "BENCH_FLOOD_PORT");
const url = `http://127.0.0.1:${port}`;

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
const p50p95 = (xs: number[]) => `p50 ${ms(quantile(xs, 0.5))}, p95 ${ms(quantile(xs, 0.95))} (n=${xs.length})`;

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${PHASE_TIMEOUT_MS / 1000} s`)), PHASE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls /_local/status one request at a time until stopped; returns each latency. */
function pollStatus(): { stop(): Promise<number[]> } {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      times.push(await timed(async () => void (await (await fetch(`${url}${STATUS_PATH}`)).arrayBuffer())));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return times;
    },
  };
}

const wsClient = () => new ConvexClient(url, { webSocketConstructor: WebSocket as never, unsavedChangesWarning: false });
const view = () => ({ path: "/", pageType: "home" as const, sessionId: randomUUID() });

async function startBackend(dataDir: string): Promise<BackendProcess> {
  const backend = spawnBackend(["--port", String(port), "--data-dir", dataDir, "--no-watch"]);
  await withTimeout("starting the backend", backend.ready);
  return backend;
}

async function stopBackend(backend: BackendProcess) {
  backend.child.kill("SIGTERM");
  await backend.exited;
}

/** Runs `dataDir`'s backend with `views` stored page views (folded into the totals unless `fold` is false). */
async function withBackend<T>(views: number, fold: boolean, run: (dataDir: string) => Promise<T>): Promise<T> {
  const temp = makeTempDir("bench-flood-");
  const dataDir = path.join(temp.dir, "backend");
  seedPageViews(dataDir, views);
  const backend = await startBackend(dataDir);
  try {
    if (fold) await foldAll(views, dataDir);
    return await run(dataDir);
  } finally {
    await stopBackend(backend);
    temp.remove();
  }
}

type Admin = ReturnType<typeof adminHttpClient>;
type Rollup = (admin: Admin) => Promise<null>;
const statsRollup: Rollup = (admin) => admin.mutation(internal.stats.rollupPageViews, {});
const dashboardRollup: Rollup = (admin) => admin.mutation(internal.dashboard.rollup, { chain: true });

/** Runs a rollup until every view is folded, one batch a run; returns each run's time over HTTP. */
async function runRollup(dataDir: string, rollup: Rollup, runs: number): Promise<number[]> {
  const admin = adminHttpClient(url, readAdminKey(dataDir));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(() => rollup(admin)));
  return times;
}

const foldAll = (views: number, dataDir: string) =>
  runRollup(dataDir, statsRollup, Math.ceil(views / ROLLUP_BATCH) + 1);

/** The second client: sequential getStats (and, if asked, recordPageView) calls over its own socket. */
async function secondClient(rounds: number, alsoWrite: boolean) {
  const client = wsClient();
  const reads: number[] = [];
  const writes: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      if (alsoWrite) writes.push(await timed(() => client.mutation(api.stats.recordPageView, view())));
      reads.push(await timed(() => client.query(api.stats.getStats, {})));
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
  const second = await secondClient(SECOND_CLIENT_ROUNDS, false);
  await withTimeout("the flood", flood);
  const statusTimes = await status.stop();
  await flooder.close();
  console.log(`\n1. One socket sends ${FLOOD_MUTATIONS.toLocaleString("en-US")} recordPageView mutations (${FLOOD_WINDOW} in flight), ~3,000 stored views`);
  console.log(`   second client's getStats: ${p50p95(second.reads)}`);
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
  console.log(`\n3. Sequential recordPageView calls over HTTP (${THROUGHPUT_CALLS} each), views folded by the rollup first`);
  const getStatsP50 = new Map<number, number>();
  for (const views of LEVELS) {
    await withBackend(views, true, async () => {
      const http = new ConvexHttpClient(url);
      const reads: number[] = [];
      for (let i = 0; i < GETSTATS_SAMPLES; i++) {
        // A new view first, so the backend cannot answer from its cached result.
        await http.mutation(api.stats.recordPageView, view());
        reads.push(await timed(() => http.query(api.stats.getStats, {})));
      }
      getStatsP50.set(views, quantile(reads, 0.5));
      const alone = await withTimeout("throughput", throughput(false));
      const watched = await withTimeout("throughput", throughput(true));
      console.log(
        `   ${views.toLocaleString("en-US").padStart(6)} stored views: ${alone.toFixed(0)} / s alone, ` +
          `${watched.toFixed(0)} / s with a /stats subscriber (${(alone / watched).toFixed(2)}× slower); getStats over HTTP ${p50p95(reads)}`,
      );
    });
  }
  const low = getStatsP50.get(LEVELS[0]!)!;
  const high = getStatsP50.get(LEVELS.at(-1)!)!;
  console.log(`   getStats p50 at ${LEVELS.at(-1)!.toLocaleString("en-US")} vs ${LEVELS[0]!.toLocaleString("en-US")}: ${(high / low).toFixed(2)}×`);
}

async function rollupPhase() {
  const views = LEVELS.at(-1)!;
  await withBackend(views, false, async (dataDir) => {
    for (const [name, rollup, batch] of [
      ["stats:rollupPageViews", statsRollup, ROLLUP_BATCH],
      ["dashboard:rollup", dashboardRollup, VIEW_BATCH],
    ] as const) {
      // The backend sorts an index the first time a function reads it after
      // start; that one-off cost is reported apart from the batches' own.
      const [first] = await runRollup(dataDir, rollup, 1);
      // Folding from scratch takes many runs, each its own transaction; other
      // clients get their turn between runs, so the stall is one run.
      const status = pollStatus();
      const started = performance.now();
      const runs = await runRollup(dataDir, rollup, Math.ceil(views / batch));
      const total = performance.now() - started;
      const statusTimes = await status.stop();
      console.log(`\n4. ${name} folds ${views.toLocaleString("en-US")} stored views in batches of ${batch.toLocaleString("en-US")}`);
      console.log(`   first run after start (sorts the indexes it reads): ${ms(first!)}`);
      console.log(`   the other ${runs.length} runs (${ms(total)} in all), each over HTTP: ${p50p95(runs)}, longest ${ms(Math.max(...runs))}`);
      console.log(`   /_local/status meanwhile: ${p50p95(statusTimes)}, longest ${ms(Math.max(...statusTimes))}`);
    }
  });
}

const PHASES = ["flood", "levels", "rollup"] as const;
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
    await withBackend(3_000, true, async () => {
      await floodPhase();
      await subscriptionsPhase();
    });
  }
  if (phases.has("levels")) await levelsPhase();
  if (phases.has("rollup")) await rollupPhase();
}

main().catch((error: unknown) => {
  console.error(`bench:flood failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
