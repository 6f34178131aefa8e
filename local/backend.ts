// Starts the whole local backend: data folder, executor, server, crons, watcher.
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { ensureAdminKey } from "./adminKey.ts";
import { BodyBudget } from "./bodyBudget.ts";
import { REPO_ROOT, defaultDataDir, defaultPort } from "./config.ts";
import { parseCronJobs, CronRunner } from "./crons.ts";
import { lockDataDir } from "./dataDir.ts";
import { servedDataDirProblem } from "./servedFolders.ts";
import { allowedOriginsFromEnv, normalizeOrigin } from "./origins.ts";
import { Executor } from "./executor.ts";
import { createLogger } from "./logger.ts";
import { watchConvexDir } from "./reload.ts";
import { createBackendServer, STATUS_PATH } from "./server.ts";
import { LOG_FILE, openLog } from "./storage.ts";
import { SyncHub, type ConnectionBudgets } from "./syncHub.ts";

export interface LocalBackendOptions {
  /** Default: LOCAL_BACKEND_PORT or 3210. 0 picks a free port. */
  port?: number;
  /** Default: LOCAL_BACKEND_DIR or `.local-backend/` at the repository root. */
  dataDir?: string;
  /** Default: `convex/` at the repository root. */
  convexDir?: string;
  /** No logging at all. */
  quiet?: boolean;
  /** Reload when files in convexDir change. Default true. */
  watch?: boolean;
  /** Longest wait for running calls before a reload goes ahead. Default 10 s. */
  reloadDrainTimeoutMs?: number;
  /** How often sync clients get a Ping. Default 15 s. */
  pingIntervalMs?: number;
  /**
   * Browser origins (the site's pages) that may call the backend. Requests
   * and WebSockets from any other page get 403; those without an Origin
   * header (Node clients) always pass. Default: LOCAL_BACKEND_ALLOWED_ORIGINS,
   * or localhost / 127.0.0.1 / [::1] on ports 5173 and 4173.
   */
  allowedOrigins?: string[];
  /** Shortest time between subscriber refreshes after others' commits. Default 20 ms. */
  refreshIntervalMs?: number;
  /** The project whose served folders (public/, src/, dist/, node_modules/) must not hold the data folder. Default: this repository. */
  projectRoot?: string;
  /** Query-set changes one connection may make per second and at once, and frame bytes it may send per second. Default: limits.ts. */
  connectionBudgets?: Partial<ConnectionBudgets>;
  /** Request bodies held at once over all connections, and how long one may send nothing. Default: limits.ts. */
  bodies?: { maxBytesInFlight: number; idleTimeoutMs: number };
  /** When the log is rewritten as a snapshot: in the background past `afterBytes`, on close past `onCloseAfterBytes`. Default: storage.ts. */
  compaction?: { afterBytes?: number; onCloseAfterBytes?: number };
  /** Called when the data file cannot be written any more (the CLI exits). */
  onFatal?: (error: unknown) => void;
}

export interface LocalBackend {
  /** For ConvexClient, ConvexReactClient and ConvexHttpClient. */
  url: string;
  /** Where the HTTP actions of convex/http.ts answer (the same port). */
  siteUrl: string;
  port: number;
  adminKey: string;
  adminKeyFile: string;
  dataDir: string;
  dataFile: string;
  convexDir: string;
  executor: Executor;
  /** The sync connections and their shared query cache (for tests and tools). */
  hub: SyncHub;
  /** Loads the functions again now (the watcher does it on file changes). */
  reload(): Promise<boolean>;
  close(): Promise<void>;
}

export async function startLocalBackend(options: LocalBackendOptions = {}): Promise<LocalBackend> {
  const logger = createLogger(options.quiet ?? false);
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
  const convexDir = path.resolve(options.convexDir ?? path.join(REPO_ROOT, "convex"));
  const allowedOrigins = new Set((options.allowedOrigins ?? allowedOriginsFromEnv()).map(normalizeOrigin));
  const served = servedDataDirProblem(dataDir, options.projectRoot ?? REPO_ROOT);
  if (served !== null) throw new Error(served);
  const releaseLock = lockDataDir(dataDir);
  const cleanups: Array<() => unknown> = [releaseLock];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
  };
  try {
    const { key: adminKey, file: adminKeyFile, created } = ensureAdminKey(dataDir);
    const dataFile = path.join(dataDir, LOG_FILE);
    // The key is written just before the first log, so a kept key without a
    // log means the database of a used folder is gone, not that it is new.
    if (!created && !fs.existsSync(dataFile)) logger.error(missingDataFileWarning(dataFile, adminKeyFile));
    const log = openLog(dataDir, {
      log: (m) => logger.warn(m),
      compactAfterBytes: options.compaction?.afterBytes,
      compactOnCloseAfterBytes: options.compaction?.onCloseAfterBytes,
    });
    cleanups.push(() => log.close());
    const executor = await Executor.create({ convexDir, log, logger, drainTimeoutMs: options.reloadDrainTimeoutMs });
    cleanups.push(() => executor.close());
    log.setStateSource(() => executor.logState());
    if (executor.loadError !== null) logger.error(`Convex functions failed to load; fix them and save:\n${executor.loadError}`);
    if (options.onFatal) executor.onFatal(options.onFatal);

    const crons = new CronRunner(executor, logger);
    const startCrons = () => crons.start(parseCronJobs(executor.modules?.byName.get("crons")));
    startCrons();
    executor.onReload(startCrons);
    cleanups.push(() => crons.stop());

    const hub = new SyncHub(executor, log, adminKey, logger, {
      pingIntervalMs: options.pingIntervalMs,
      refreshIntervalMs: options.refreshIntervalMs,
      connectionBudgets: options.connectionBudgets,
    });
    cleanups.push(() => hub.close());
    let url = "";
    const { server, terminateClients } = createBackendServer({
      executor,
      hub,
      adminKey,
      logger,
      allowedOrigins,
      bodyBudget: options.bodies && new BodyBudget(options.bodies.maxBytesInFlight, options.bodies.idleTimeoutMs),
      status: () => ({
        ok: true,
        url,
        dataDir,
        convexDir,
        documents: executor.documentCount(),
        functionsLoaded: executor.loadError === null,
        clients: hub.sessionCount,
        held: hub.holdings(),
        queryRuns: hub.cache.runs,
        rssBytes: process.memoryUsage.rss(),
      }),
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? defaultPort(), "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          terminateClients();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    url = `http://127.0.0.1:${port}`;

    if (options.watch ?? true) {
      const stopWatching = watchConvexDir(convexDir, (files) => {
        logger.info(`Changed: ${files.join(", ")}; reloading functions…`);
        void executor.reload().then((ok) => ok && logger.info("Functions reloaded."));
      });
      cleanups.push(stopWatching);
    }

    let closing: Promise<void> | null = null;
    return {
      url,
      siteUrl: url,
      port,
      adminKey,
      adminKeyFile,
      dataDir,
      dataFile: log.file,
      convexDir,
      executor,
      hub,
      reload: () => executor.reload(),
      close: () => (closing ??= cleanup()),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function missingDataFileWarning(dataFile: string, adminKeyFile: string): string {
  return [
    "",
    "!!! WARNING: no database file !!!",
    `${dataFile} does not exist, but this data folder was used before (${adminKeyFile} is there).`,
    "Its data has been deleted or moved. Starting with an EMPTY database.",
    "If the file was moved, stop the backend (Ctrl-C) and put it back before writing anything.",
    "",
  ].join("\n");
}

export { STATUS_PATH };
