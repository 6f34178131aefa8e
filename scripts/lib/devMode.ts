// Which backend `npm run dev` uses: a configured Convex deployment, or the
// local backend when none is configured.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEnvFile } from "./target";

export type DevMode = { kind: "cloud"; reason: string } | { kind: "local" };

const DEPLOYMENT_VARS = ["CONVEX_DEPLOYMENT", "VITE_CONVEX_URL"] as const;

export function detectDevMode(env: NodeJS.ProcessEnv, cwd: string): DevMode {
  for (const name of DEPLOYMENT_VARS) {
    if (env[name]?.trim()) return { kind: "cloud", reason: `${name} is set in the environment` };
  }
  let fileVars: Record<string, string> = {};
  try {
    fileVars = parseEnvFile(readFileSync(path.join(cwd, ".env.local"), "utf8"));
  } catch {
    // No .env.local: nothing configured there.
  }
  for (const name of DEPLOYMENT_VARS) {
    if (fileVars[name]?.trim()) return { kind: "cloud", reason: `${name} is set in .env.local` };
  }
  return { kind: "local" };
}

export function portFromEnv(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a port number, got "${value}"`);
  return port;
}
