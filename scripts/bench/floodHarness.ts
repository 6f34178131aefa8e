// What the phases of `npm run bench:flood` share: the backend process, seeded
// data folders, timing and the rollups that fold the seeded views.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ConvexClient } from "convex/browser";
import WebSocket from "ws";
import { internal } from "../../convex/_generated/api";
import { VIEW_BATCH } from "../../convex/dashboard.rollup.ts";
import { ROLLUP_BATCH } from "../../convex/stats.rollup.ts";
import { adminHttpClient } from "../../local/adminClient.ts";
import { readAdminKey } from "../../local/adminKey.ts";
import { STATUS_PATH } from "../../local/index.ts";
import { makeTempDir, spawnBackend, type BackendProcess } from "../../local/testing.ts";
import { portFromEnv } from "../lib/devMode.ts";
import { seedPageViews } from "./floodSeed.ts";

export const PHASE_TIMEOUT_MS = 180_000;

export const port = portFromEnv(process.env.BENCH_FLOOD_PORT, 3418, "BENCH_FLOOD_PORT");
export const url = `http://127.0.0.1:${port}`;

export const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
export const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
export const p50p95 = (xs: number[]) => `p50 ${ms(quantile(xs, 0.5))}, p95 ${ms(quantile(xs, 0.95))} (n=${xs.length})`;
export const thousands = (n: number) => n.toLocaleString("en-US");

/**
 * CPU time the process has used, from Linux's /proc (in clock ticks of 10 ms),
 * or null elsewhere. On a shared machine a transaction's wall time grows with
 * everyone else's load; its CPU time much less.
 */
export function cpuMsOf(pid: number | undefined): number | null {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

export async function timed<T>(run: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${PHASE_TIMEOUT_MS / 1000} s`)), PHASE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls /_local/status one request at a time until stopped; returns each latency. */
export function pollStatus(base = url): { stop(): Promise<number[]> } {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      times.push(await timed(async () => void (await (await fetch(`${base}${STATUS_PATH}`)).arrayBuffer())));
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

export const wsClient = () => new ConvexClient(url, { webSocketConstructor: WebSocket as never, unsavedChangesWarning: false });
export const view = () => ({ path: "/", pageType: "home" as const, sessionId: randomUUID() });

/** `listenOn` 0 takes any free port; the process's own `url` then says which. */
export async function startBackend(dataDir: string, listenOn = port, extraArgs: string[] = []): Promise<BackendProcess> {
  const backend = spawnBackend(["--port", String(listenOn), "--data-dir", dataDir, "--no-watch", ...extraArgs]);
  await withTimeout("starting the backend", backend.ready);
  return backend;
}

export async function stopBackend(backend: BackendProcess) {
  backend.child.kill("SIGTERM");
  await backend.exited;
}

/** A temporary data folder seeded with `count` stored page views. */
export function seededFolder(count: number): { dataDir: string; remove(): void } {
  const temp = makeTempDir("bench-flood-");
  const dataDir = path.join(temp.dir, "backend");
  seedPageViews(dataDir, count);
  return { dataDir, remove: temp.remove };
}

/** Runs `dataDir`'s backend with `count` stored page views (folded into the totals unless `fold` is false). */
export async function withBackend<T>(count: number, fold: boolean, run: (dataDir: string) => Promise<T>): Promise<T> {
  const folder = seededFolder(count);
  const backend = await startBackend(folder.dataDir);
  try {
    if (fold) await foldAll(count, folder.dataDir);
    return await run(folder.dataDir);
  } finally {
    await stopBackend(backend);
    folder.remove();
  }
}

export type Admin = ReturnType<typeof adminHttpClient>;
export type Rollup = (admin: Admin) => Promise<null>;
export const statsRollup: Rollup = (admin) => admin.mutation(internal.stats.rollupPageViews, {});
export const dashboardRollup: Rollup = (admin) => admin.mutation(internal.dashboard.rollup, { chain: true });

/** Runs a rollup `runs` times, one batch a run; returns each run's time over HTTP. */
export async function runRollup(dataDir: string, rollup: Rollup, runs: number, base = url): Promise<number[]> {
  const admin = adminHttpClient(base, readAdminKey(dataDir));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(() => rollup(admin)));
  return times;
}

/**
 * Both rollups fold every stored view, so that no backlog is folded in the
 * background (the crons start a minute after the backend) while a phase measures.
 */
export async function foldAll(count: number, dataDir: string, base = url) {
  await runRollup(dataDir, statsRollup, Math.ceil(count / ROLLUP_BATCH) + 1, base);
  await runRollup(dataDir, dashboardRollup, Math.ceil(count / VIEW_BATCH) + 1, base);
}
