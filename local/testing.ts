// Helpers for tests and benchmarks that run the local backend.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./config.ts";

export const FIXTURE_CONVEX_DIR = path.join(REPO_ROOT, "local", "test-fixtures", "convex");

export function makeTempDir(prefix = "local-backend-"): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Files beside convex/ that its functions import (goals.ts reads the owner's goals). */
const BESIDE_CONVEX = ["goals.config.ts"];

/** A writable copy of a convex dir that still resolves `convex/*` imports, and the files beside it they read. */
export function copyConvexDir(source: string, parent: string): string {
  const target = path.join(parent, "convex");
  cpSync(source, target, { recursive: true });
  for (const name of BESIDE_CONVEX) {
    const file = path.join(path.dirname(source), name);
    if (existsSync(file)) cpSync(file, path.join(parent, name));
  }
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(parent, "node_modules"), "dir");
  writeFileSync(path.join(parent, "package.json"), '{ "type": "module" }\n');
  return target;
}

export async function waitFor<T>(check: () => T | Promise<T>, { timeoutMs = 5000, intervalMs = 20 } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`waitFor timed out${last ? `: ${String(last)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface BackendProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/**
 * Runs `local/main.ts` as its own process (plain `node --import tsx`, so a
 * SIGKILL hits the backend itself, not a wrapper).
 */
export function spawnBackend(args: string[], env: NodeJS.ProcessEnv = {}): BackendProcess & { ready: Promise<string> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "local", "main.ts"), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const result = {
    child,
    url: "",
    output: () => output,
    exited,
    ready: new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Listening on (http:\/\/\S+)/.exec(output);
        if (match) {
          result.url = match[1]!;
          resolve(match[1]!);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      void exited.then((code) => reject(new Error(`backend exited (${code}) before listening:\n${output}`)));
    }),
  };
  return result;
}
