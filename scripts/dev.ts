// `npm run dev` / `npm run preview` (`--preview`).
// No deployment configured: local backend + content sync + Vite, all offline.
// Otherwise: `npx convex dev` with Vite, as Convex projects usually run.
import path from "node:path";
import { parseArgs } from "node:util";
import { defaultDataDir, DEFAULT_PORT, localBackendUrl, REPO_ROOT } from "../local/config.ts";
import { siteOrigins } from "../local/origins.ts";
import { ensureStatsKeys } from "../local/statsKeys.ts";
import { createContentSync } from "./lib/devContentSync";
import { detectDevMode, portFromEnv } from "./lib/devMode";
import { firstTakenPort, type PortClaim } from "./lib/devPorts";
import { keepRunning, onStopSignal, runToEnd, startChild, stopAll, waitForHttp, type Child } from "./lib/devProcesses";

const { values } = parseArgs({ options: { preview: { type: "boolean", default: false } } });
const preview = values.preview;
const vite = path.join(REPO_ROOT, "node_modules", "vite", "bin", "vite.js");
// The config imports convex/ and scripts/ modules without file extensions;
// Vite's module runner resolves them as the app does, where its default
// bundling loader warns about each one on every start.
const CONFIG_LOADER = ["--configLoader", "runner"];
const sitePort = portFromEnv(process.env.SITE_PORT, preview ? 4173 : 5173, "SITE_PORT");
const siteUrl = `http://localhost:${sitePort}`;
const cleanups: Array<() => void> = [];

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const cleanup of cleanups) cleanup();
  await stopAll();
  process.exit(code);
}
// Ctrl-C, kill, or the terminal closing (SIGHUP). If this process dies
// without any of them, the children's lifelines stop them (devProcesses.ts).
onStopSignal(() => void shutdown(0));

/** Exits with a message about a taken port, before anything has started. */
async function requireFreePorts(claims: PortClaim[]) {
  const taken = await firstTakenPort(claims);
  if (taken === null) return;
  console.error(`[dev] ${taken}`);
  await shutdown(1);
}

/** Vite binds "localhost"; something on 127.0.0.1 alone would still take the address the browser opens. */
const siteClaim: PortClaim = { port: sitePort, variable: "SITE_PORT", what: preview ? "the site, vite preview" : "the site, Vite", hosts: ["localhost", "127.0.0.1"] };

/** Any long-running child (other than the site) ending on its own ends the whole stack. */
function supervise(child: Child) {
  void child.exited.then((code) => {
    if (stopping) return;
    console.error(`[dev] ${child.name} stopped (exit ${code}); stopping everything.`);
    void shutdown(code === 0 ? 1 : (code ?? 1));
  });
}

/** Starts Vite and waits until it answers; from then on it is restarted whenever it stops on its own. */
async function startSite(env: NodeJS.ProcessEnv): Promise<void> {
  if (preview) {
    const built = await runToEnd("vite build", process.execPath, [vite, "build", ...CONFIG_LOADER], env);
    if (built !== 0) throw new Error(`vite build failed (exit ${built})`);
  }
  const args = [...(preview ? ["preview"] : []), "--port", String(sitePort), "--strictPort", ...CONFIG_LOADER];
  // A request Vite does not survive must not stop the backend. A Vite that
  // never came up is a start-up error instead, reported below.
  let up = false;
  const site = keepRunning(() => startChild(preview ? "vite preview" : "vite", process.execPath, [vite, ...args], env), {
    isStopping: () => stopping || !up,
    onGiveUp: (code) => void shutdown(code === 0 ? 1 : (code ?? 1)),
  });
  if (!(await waitForHttp(siteUrl, { abort: site.current().exited }))) throw new Error(`Vite did not start on ${siteUrl}`);
  up = true;
}

async function local() {
  const port = portFromEnv(process.env.LOCAL_BACKEND_PORT, DEFAULT_PORT, "LOCAL_BACKEND_PORT");
  const dataDir = defaultDataDir();
  const backendUrl = localBackendUrl(port);
  await requireFreePorts([{ port, variable: "LOCAL_BACKEND_PORT", what: "the local backend", hosts: ["127.0.0.1"] }, siteClaim]);
  const env: NodeJS.ProcessEnv = {
    VITE_CONVEX_URL: backendUrl,
    LOCAL_BACKEND_PORT: String(port),
    LOCAL_BACKEND_DIR: dataDir,
    SITE_URL: process.env.SITE_URL ?? siteUrl,
    // The site's pages, on the port Vite really uses, plus any the developer added.
    LOCAL_BACKEND_ALLOWED_ORIGINS: [process.env.LOCAL_BACKEND_ALLOWED_ORIGINS, ...siteOrigins(sitePort)].filter(Boolean).join(","),
  };
  // STATS_ACCESS=private npm run dev: the dashboard asks for a key kept in the data folder.
  const statsKeys = process.env.STATS_ACCESS === "private" ? ensureStatsKeys(dataDir) : null;
  if (statsKeys !== null) {
    env.STATS_OWNER_KEY = statsKeys.ownerKey;
    env.STATS_SHARE_KEY = statsKeys.shareKey;
  }

  const backend = startChild("local backend", process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "local", "main.ts"), "--port", String(port), "--data-dir", dataDir], env);
  supervise(backend);
  if (!(await waitForHttp(`${backendUrl}/_local/status`, { abort: backend.exited }))) {
    throw new Error(`the local backend did not start on ${backendUrl}`);
  }

  const content = createContentSync(REPO_ROOT, env, { isStopping: () => stopping });
  await content.sync();
  cleanups.push(content.watchContent());

  await startSite(env);
  console.log(
    [
      "",
      `  Site      ${siteUrl}${preview ? "   (production build)" : ""}`,
      `  Stats     ${siteUrl}/stats`,
      `  Backend   ${backendUrl}   (local, offline)`,
      `  Data      ${dataDir}`,
      ...(statsKeys === null ? [] : [`  Stats     private: owner and share keys in ${statsKeys.file}`]),
      "",
      "  Markdown changes under content/ sync automatically. Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
}

async function cloud(reason: string) {
  console.log(`[dev] Using your Convex deployment (${reason}).`);
  await requireFreePorts([siteClaim]);
  if (!preview) {
    // `npx convex dev`, run with Node directly so it gets a lifeline.
    const convexCli = path.join(REPO_ROOT, "node_modules", "convex", "bin", "main.js");
    supervise(startChild("convex dev", process.execPath, [convexCli, "dev"]));
  }
  await startSite({});
}

const mode = detectDevMode(process.env, REPO_ROOT);
(mode.kind === "local" ? local() : cloud(mode.reason)).catch(async (error: unknown) => {
  console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
