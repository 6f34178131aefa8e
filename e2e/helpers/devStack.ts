// A second `npm run dev` stack for specs that need other deployment settings
// (private mode) or a production build (`--preview`, the CSP) than the one
// playwright.config.ts starts.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../local/config.ts";
import { STATS_KEYS_FILE, type StatsKeys } from "../../local/statsKeys.ts";
import { makeTempDir, waitFor } from "../../local/testing.ts";
import { BACKEND_PORT, SESSION_TIMEOUT_MS, SITE_PORT } from "./stack.ts";

/**
 * The second stack's ports are the first one's plus this, so they follow
 * E2E_SITE_PORT / E2E_BACKEND_PORT and never take the first stack's.
 */
export const SECOND_STACK_PORT_OFFSET = 20;

/** A loaded 2-core machine can take a minute to bring up the backend, the content sync and Vite. */
const START_TIMEOUT_MS = 150_000;
/** `--preview` builds the site first (bundles, link-preview cards): minutes on a loaded machine. */
const PREVIEW_START_TIMEOUT_MS = 420_000;

export interface StackOptions {
  /** `npm run preview`: a production build served by `vite preview`, with the built site's headers. */
  preview?: boolean;
  /** Added to the first stack's ports (default SECOND_STACK_PORT_OFFSET): two extra stacks must not share one. */
  portOffset?: number;
}
/** scripts/dev.ts gives each child 10 s to stop cleanly before SIGKILL. */
const STOP_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 64_000;

export interface DevStack {
  siteUrl: string;
  backendUrl: string;
  dataDir: string;
  /** The private-mode keys `npm run dev` created in the data folder. */
  statsKeys(): StatsKeys;
  output(): string;
  /** Stops the whole stack and removes its data folder. */
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/** Starts `npm run dev` (scripts/dev.ts, without the npm wrapper) with extra settings, in a fresh data folder. */
export async function startDevStack(env: NodeJS.ProcessEnv, { preview = false, portOffset = SECOND_STACK_PORT_OFFSET }: StackOptions = {}): Promise<DevStack> {
  const sitePort = SITE_PORT + portOffset;
  const backendPort = BACKEND_PORT + portOffset;
  const siteUrl = `http://localhost:${sitePort}`;
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  for (const url of [siteUrl, backendUrl]) {
    if (await answers(url)) throw new Error(`${url} is already taken; set E2E_SITE_PORT / E2E_BACKEND_PORT so that port + ${portOffset} is free`);
  }
  const data = makeTempDir("e2e-second-stack-");
  // Detached: the dev script leads a process group of its own, so one signal reaches it and nothing else.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "scripts", "dev.ts"), ...(preview ? ["--preview"] : [])], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      SITE_PORT: String(sitePort),
      LOCAL_BACKEND_PORT: String(backendPort),
      LOCAL_BACKEND_DIR: data.dir,
      SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
      VITE_COUNT_AUTOMATION: "true",
      ...env,
    },
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-MAX_OUTPUT);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is gone.
    }
  };
  const stop = async () => {
    try {
      signalGroup("SIGTERM");
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS).unref());
      const result = await Promise.race([exited, timeout]);
      signalGroup("SIGKILL");
      if (result === "timeout") throw new Error(`the second stack did not stop within ${STOP_TIMEOUT_MS} ms:\n${output}`);
      // The backend and Vite run in groups of their own, stopped by the dev
      // script (or by their lifelines if it was killed): wait for both ports to close.
      await waitFor(async () => !(await answers(siteUrl)) && !(await answers(backendUrl)), { timeoutMs: STOP_TIMEOUT_MS, intervalMs: 200 });
    } finally {
      data.remove();
    }
  };

  // dev.ts prints the site's address once the backend, the content sync and Vite are all up.
  const started = await Promise.race([
    waitFor(() => output.includes(`Site      ${siteUrl}`), { timeoutMs: preview ? PREVIEW_START_TIMEOUT_MS : START_TIMEOUT_MS, intervalMs: 200 }).then(
      () => "started",
      () => "timed out",
    ),
    exited.then((code) => `exited (${code})`),
  ]);
  if (started !== "started") {
    await stop().catch(() => {});
    throw new Error(`the second stack did not start: npm run dev ${started}:\n${output}`);
  }
  return {
    siteUrl,
    backendUrl,
    dataDir: data.dir,
    statsKeys: () => JSON.parse(readFileSync(path.join(data.dir, STATS_KEYS_FILE), "utf8")) as StatsKeys,
    output: () => output,
    stop,
  };
}
