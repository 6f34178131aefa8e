// Child processes for `npm run dev`: each in its own process group, so one
// stop kills a child and everything it started (npx → convex, vite → esbuild).
import { spawn, type ChildProcess } from "node:child_process";

export interface Child {
  name: string;
  process: ChildProcess;
  /** Exit code (or null when killed by a signal) once it has ended. */
  exited: Promise<number | null>;
}

const children = new Set<Child>();

/** `logFd`: an open file for the child's output, instead of this terminal. */
export function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, logFd?: number): Child {
  const child = spawn(command, args, {
    stdio: logFd === undefined ? "inherit" : ["ignore", logFd, logFd],
    detached: true,
    env: { ...process.env, ...env },
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.on("error", (error) => {
      console.error(`[dev] could not start ${name}: ${error.message}`);
      resolve(1);
    });
  });
  const entry = { name, process: child, exited };
  children.add(entry);
  void exited.then(() => children.delete(entry));
  return entry;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM every child's process group; SIGKILL what is left after `graceMs`. */
export async function stopAll(graceMs = 3000): Promise<void> {
  const running = [...children];
  for (const child of running) signalGroup(child.process, "SIGTERM");
  const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
  await Promise.race([Promise.all(running.map((c) => c.exited)), timeout]);
  // The group may outlive its leader, so always sweep it.
  for (const child of running) signalGroup(child.process, "SIGKILL");
}

/** Runs a command to completion; resolves with its exit code. */
export async function runToEnd(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number | null> {
  return await startChild(name, command, args, env).exited;
}

export async function waitForHttp(url: string, { timeoutMs = 30_000, abort }: { timeoutMs?: number; abort?: Promise<unknown> } = {}) {
  const deadline = Date.now() + timeoutMs;
  let aborted = false;
  void abort?.then(() => (aborted = true));
  while (Date.now() < deadline && !aborted) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return false;
}
