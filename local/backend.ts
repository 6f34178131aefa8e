// Starts the whole local backend: data folder, executor, server, crons, watcher.
import path from "node:path";
import type { AddressInfo } from "node:net";
import { ensureAdminKey } from "./adminKey.ts";
import { REPO_ROOT, defaultDataDir, defaultPort } from "./config.ts";
import { parseCronJobs, CronRunner } from "./crons.ts";
import { lockDataDir } from "./dataDir.ts";
import { Executor } from "./executor.ts";
import { createLogger } from "./logger.ts";
import { watchConvexDir } from "./reload.ts";
import { createBackendServer, STATUS_PATH } from "./server.ts";
import { openLog } from "./storage.ts";
import { SyncHub } from "./syncHub.ts";

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
  /** Shortest time between subscriber refreshes after others' commits. Default 20 ms. */
  refreshIntervalMs?: number;
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
  /** Loads the functions again now (the watcher does it on file changes). */
  reload(): Promise<boolean>;
  close(): Promise<void>;
}

export async function startLocalBackend(options: LocalBackendOptions = {}): Promise<LocalBackend> {
  const logger = createLogger(options.quiet ?? false);
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
  const convexDir = path.resolve(options.convexDir ?? path.join(REPO_ROOT, "convex"));
  const releaseLock = lockDataDir(dataDir);
  const cleanups: Array<() => unknown> = [releaseLock];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step();
  };
  try {
    const { key: adminKey, file: adminKeyFile } = ensureAdminKey(dataDir);
    const log = openLog(dataDir, { log: (m) => logger.warn(m) });
    cleanups.push(() => log.close());
    const executor = await Executor.create({ convexDir, log, logger, drainTimeoutMs: options.reloadDrainTimeoutMs });
    cleanups.push(() => executor.close());
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
    });
    cleanups.push(() => hub.close());
    let url = "";
    const { server, terminateClients } = createBackendServer({
      executor,
      hub,
      adminKey,
      logger,
      status: () => ({
        ok: true,
        url,
        dataDir,
        convexDir,
        documents: executor.documentCount(),
        functionsLoaded: executor.loadError === null,
        clients: hub.sessionCount,
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
      reload: () => executor.reload(),
      close: () => (closing ??= cleanup()),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export { STATUS_PATH };
