// `npm run backend`: the local backend on 127.0.0.1.
//   --port <n>        (LOCAL_BACKEND_PORT, default 3210; 0 = any free port)
//   --data-dir <dir>  (LOCAL_BACKEND_DIR, default .local-backend/)
//   --convex-dir <dir> (default convex/)
//   --no-watch        do not reload on file changes
//   --no-snapshots    never rewrite the log as a snapshot while running or on
//                     stop (a benchmark's whole-log start; see storage.ts)
import { parseArgs } from "node:util";
import { startLocalBackend } from "./backend.ts";
import { describeError } from "./modules.ts";

function portOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${value}"`);
  return port;
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      "data-dir": { type: "string" },
      "convex-dir": { type: "string" },
      "no-watch": { type: "boolean", default: false },
      "no-snapshots": { type: "boolean", default: false },
    },
  });
  // A failing function or a client that drops must never stop the backend.
  process.on("unhandledRejection", (reason) => console.error("[local-backend] Unhandled rejection:", describeError(reason)));
  process.on("uncaughtException", (error) => console.error("[local-backend] Uncaught exception:", describeError(error)));

  // Stop signals are handled from the start: one that came before the
  // handlers (npm run dev stopping right after "Listening on") killed the
  // process outright and left the data folder's lock behind.
  let backend: Awaited<ReturnType<typeof startLocalBackend>> | null = null;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[local-backend] ${signal}: stopping.`);
    // Under the 10 s that `npm run dev` waits before SIGKILL.
    const force = setTimeout(() => {
      console.error(`[local-backend] Still stopping after 8 s; exiting now.`);
      process.exit(0);
    }, 8000);
    force.unref();
    // Still starting: it closes as soon as it is up (below).
    if (backend !== null) void backend.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGHUP", () => stop("SIGHUP"));

  backend = await startLocalBackend({
    port: portOption(values.port),
    dataDir: values["data-dir"],
    convexDir: values["convex-dir"],
    watch: !values["no-watch"],
    compaction: values["no-snapshots"] ? { afterBytes: Infinity, onCloseAfterBytes: Infinity } : undefined,
    onFatal: () => process.exit(1),
  });
  if (stopping) {
    await backend.close();
    process.exit(0);
  }
  console.log(`[local-backend] Listening on ${backend.url}`);
  console.log(`[local-backend] Data:      ${backend.dataFile}`);
  console.log(`[local-backend] Admin key: ${backend.adminKeyFile}`);
  console.log(`[local-backend] Functions: ${backend.convexDir}`);
}

main().catch((error: unknown) => {
  if ((error as NodeJS.ErrnoException | null)?.code === "EADDRINUSE") {
    const { port } = error as NodeJS.ErrnoException & { port?: number };
    console.error(`[local-backend] Could not start: port ${port} is already in use. Stop what is listening there, or choose another port with LOCAL_BACKEND_PORT (or --port).`);
    process.exit(1);
  }
  console.error(`[local-backend] Could not start:\n${error instanceof Error ? error.message : describeError(error)}`);
  process.exit(1);
});
