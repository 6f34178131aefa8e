import { readFileSync } from "node:fs";
import path from "node:path";

/** Where a sync writes: a deployment URL and a key that may call internal functions. */
export interface Target {
  url: string;
  adminKey: string;
  /** For messages: "the local backend", "production (from .env.production.local)". */
  label: string;
  local: boolean;
}

/** A target that cannot be used, with a message that says how to fix it. */
export class TargetError extends Error {}

export const DEFAULT_LOCAL_PORT = 3210;
export const DEFAULT_LOCAL_DIR = ".local-backend";

type Vars = Record<string, string | undefined>;

/** `KEY=value` lines as dotenv writes them: comments, `export`, quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    vars[key] = quoted ? (quoted[2] ?? "") : raw.replace(/\s+#.*$/, "");
  }
  return vars;
}

export interface ResolveOptions {
  prod: boolean;
  env: Vars;
  cwd: string;
  /** Reads a file, or returns undefined when it does not exist. */
  readFile?: (file: string) => string | undefined;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim());

export function isLocalUrl(url: string): boolean {
  try {
    const { hostname } = new URL(url);
    return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
  } catch {
    return false;
  }
}

/** `prod:happy-otter-123|…` → { type: "prod", name: "happy-otter-123" }. */
export function describeDeployKey(key: string): { type: string; name: string } | undefined {
  const match = /^(prod|dev|preview):([a-z0-9-]+)\|/.exec(key);
  return match ? { type: match[1] as string, name: match[2] as string } : undefined;
}

function checkKeyMatchesUrl(key: string, url: string, expectProd: boolean, keyVar: string): void {
  const info = describeDeployKey(key);
  if (!info) return;
  if (expectProd && info.type !== "prod") {
    throw new TargetError(`${keyVar} is a ${info.type} key, but sync:prod needs a production deploy key.`);
  }
  if (!expectProd && info.type === "prod") {
    throw new TargetError(`${keyVar} is a production deploy key; publish to production with \`npm run sync:prod\`.`);
  }
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new TargetError(`The deployment URL "${url}" is not a valid URL.`);
  }
  if (host.endsWith(".convex.cloud") && host.split(".")[0] !== info.name) {
    throw new TargetError(`${keyVar} belongs to deployment "${info.name}", but the URL points to ${host}.`);
  }
}

/**
 * `npm run sync`: the deployment in CONVEX_URL / VITE_CONVEX_URL (process
 * environment first, then .env.local), else the local backend.
 * `npm run sync:prod`: the deployment in .env.production.local.
 */
export function resolveTarget({ prod, env, cwd, readFile = readIfExists }: ResolveOptions): Target {
  return prod ? resolveProd(env, cwd, readFile) : resolveDev(env, cwd, readFile);
}

function resolveProd(env: Vars, cwd: string, readFile: (f: string) => string | undefined): Target {
  const fileName = ".env.production.local";
  const text = readFile(path.join(cwd, fileName));
  // The file decides; the environment only fills gaps (for CI), so a shell
  // that exports development settings cannot redirect a production sync.
  const vars: Vars = { ...env, ...(text === undefined ? {} : parseEnvFile(text)) };
  const url = nonEmpty(vars.CONVEX_URL) ?? nonEmpty(vars.VITE_CONVEX_URL);
  const key = nonEmpty(vars.CONVEX_DEPLOY_KEY);
  const where = text === undefined ? `${fileName} (not found) or the environment` : fileName;
  if (url === undefined) {
    throw new TargetError(`No production URL: set VITE_CONVEX_URL (or CONVEX_URL) in ${where}, e.g. VITE_CONVEX_URL=https://<deployment>.convex.cloud`);
  }
  if (key === undefined) {
    throw new TargetError(`No CONVEX_DEPLOY_KEY in ${where}: create a production deploy key in the Convex dashboard (Settings → Deploy keys).`);
  }
  checkKeyMatchesUrl(key, url, true, "CONVEX_DEPLOY_KEY");
  return { url, adminKey: key, label: `production (${fileName})`, local: false };
}

function resolveDev(env: Vars, cwd: string, readFile: (f: string) => string | undefined): Target {
  const text = readFile(path.join(cwd, ".env.local"));
  const vars: Vars = { ...(text === undefined ? {} : parseEnvFile(text)), ...definedOnly(env) };
  const url = nonEmpty(vars.CONVEX_URL) ?? nonEmpty(vars.VITE_CONVEX_URL);

  if (url === undefined) {
    if (nonEmpty(vars.CONVEX_DEPLOYMENT) !== undefined) {
      throw new TargetError("CONVEX_DEPLOYMENT is set but VITE_CONVEX_URL is not: run `npx convex dev` once so it writes the URL to .env.local.");
    }
    return localTarget(vars, cwd, readFile);
  }

  const keyVar = nonEmpty(vars.CONVEX_DEPLOY_KEY) !== undefined ? "CONVEX_DEPLOY_KEY" : "CONVEX_SELF_HOSTED_ADMIN_KEY";
  const key = nonEmpty(vars[keyVar]);
  if (key === undefined) {
    if (isLocalUrl(url)) return { ...localTarget(vars, cwd, readFile), url };
    throw new TargetError(
      `VITE_CONVEX_URL points to ${url}, but no CONVEX_DEPLOY_KEY is set. Create a development deploy key in the Convex dashboard (Settings → Deploy keys) and add CONVEX_DEPLOY_KEY=… to .env.local.`,
    );
  }
  checkKeyMatchesUrl(key, url, false, keyVar);
  return { url, adminKey: key, label: `the development deployment ${url}`, local: false };
}

function localTarget(vars: Vars, cwd: string, readFile: (f: string) => string | undefined): Target {
  const portText = nonEmpty(vars.LOCAL_BACKEND_PORT) ?? String(DEFAULT_LOCAL_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TargetError(`LOCAL_BACKEND_PORT must be a port number, got "${portText}".`);
  }
  const dir = path.resolve(cwd, nonEmpty(vars.LOCAL_BACKEND_DIR) ?? DEFAULT_LOCAL_DIR);
  const keyFile = path.join(dir, "admin_key");
  const key = nonEmpty(readFile(keyFile));
  if (key === undefined) {
    throw new TargetError(
      `No admin key at ${path.relative(cwd, keyFile) || keyFile}: start the local backend first (\`npm run backend\` or \`npm run dev\`), or set VITE_CONVEX_URL to use a Convex deployment.`,
    );
  }
  return { url: `http://127.0.0.1:${port}`, adminKey: key, label: "the local backend", local: true };
}

function definedOnly(env: Vars): Vars {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
}
