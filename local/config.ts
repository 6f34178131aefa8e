// Defaults shared by the backend, its CLI and the scripts that talk to it.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_PORT = 3210;

/** The repository root (this file lives in `<root>/local/`). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** `LOCAL_BACKEND_DIR`, or `.local-backend/` at the repository root. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.LOCAL_BACKEND_DIR ?? path.join(REPO_ROOT, ".local-backend"));
}

/** `LOCAL_BACKEND_PORT`, or 3210. */
export function defaultPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LOCAL_BACKEND_PORT;
  if (raw === undefined || raw === "") return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`LOCAL_BACKEND_PORT must be a port number, got "${raw}"`);
  }
  return port;
}

/** The URL clients use for a backend on `port` (default: LOCAL_BACKEND_PORT or 3210). */
export function localBackendUrl(port: number = defaultPort()): string {
  return `http://127.0.0.1:${port}`;
}

