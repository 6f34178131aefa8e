// Child processes for `npm run dev`: each in its own process group, so one
// stop kills a child and everything it started (npx → convex, vite → esbuild).
//
// Being in their own groups, children get no signal from the terminal, so
// each also gets a lifeline: an IPC channel to this process. Node children
// load LIFELINE first; when the channel closes (this process stopped, crashed,
// was SIGKILLed or lost its terminal) it sends SIGTERM to the child's whole
// group, and SIGKILL 10 s later. Children that are not Node (none today) have
// no lifeline.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface Child {
  name: string;
  process: ChildProcess;
  /** Exit code (or null when killed by a signal) once it has ended. */
  exited: Promise<number | null>;
}

const children = new Set<Child>();

// Only in the direct child (the marker is removed before it can start others:
// a process it forks inherits --import but has a channel of its own).
const LIFELINE_ENV = "DEV_LIFELINE";
/**
 * How long a child gets to stop cleanly (the backend flushes its log and
 * releases its data folder) before SIGKILL. 3 s was too short on a loaded
 * machine: the SIGHUP test saw the backend killed with its lock left behind.
 */
const STOP_GRACE_MS = 10_000;

const LIFELINE_SOURCE = `
if (process.env.${LIFELINE_ENV} === "1" && process.channel) {
  delete process.env.${LIFELINE_ENV};
  process.once("disconnect", () => {
    const group = -process.pid;
    try { process.kill(group, "SIGTERM"); } catch {}
    setTimeout(() => { try { process.kill(group, "SIGKILL"); } catch {} }, ${STOP_GRACE_MS}).unref();
  });
  process.channel.unref();
}
`;
/** An `--import` module for Node children: their group stops when this process goes away. */
const LIFELINE = `data:text/javascript,${encodeURIComponent(LIFELINE_SOURCE)}`;

/** The signals that stop `npm run dev`: Ctrl-C, kill, and the terminal closing. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Calls `stop` once for whichever stop signal comes first (later ones are ignored, not fatal). */
export function onStopSignal(stop: (signal: NodeJS.Signals) => void) {
  for (const signal of STOP_SIGNALS) process.on(signal, () => stop(signal));
}

const isNode = (command: string) => command === process.execPath || path.basename(command) === "node";

/** `logFd`: an open file for the child's output, instead of this terminal. */
export function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, logFd?: number): Child {
  const child = spawn(command, isNode(command) ? ["--import", LIFELINE, ...args] : args, {
    stdio: logFd === undefined ? ["inherit", "inherit", "inherit", "ipc"] : ["ignore", logFd, logFd, "ipc"],
    detached: true,
    env: { ...process.env, ...env, [LIFELINE_ENV]: isNode(command) ? "1" : undefined },
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
export async function stopAll(graceMs = STOP_GRACE_MS): Promise<void> {
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

/** How often a child may stop on its own before `npm run dev` gives up on it. */
export interface RestartPolicy {
  /** Restarts allowed within `windowMs`; one more stop gives up. */
  maxRestarts: number;
  windowMs: number;
}

/**
 * Vite can be stopped by a request it does not survive (the site server
 * refuses the forms known to do it); the backend and the content sync need
 * not stop with it. A child that keeps stopping (a broken config, a port
 * taken meanwhile) is not restarted forever.
 */
export const SITE_RESTART_POLICY: RestartPolicy = { maxRestarts: 5, windowMs: 60_000 };

export interface KeepRunningOptions {
  policy?: RestartPolicy;
  /** True when a stop is expected or handled elsewhere (the stack is stopping, or the child never came up). */
  isStopping: () => boolean;
  /** Called once when the restarts are used up, with the last exit code. */
  onGiveUp: (code: number | null) => void;
  now?: () => number;
  log?: (message: string) => void;
}

/** Starts a child and starts it again each time it ends on its own, within the policy. */
export function keepRunning(start: () => Child, options: KeepRunningOptions): { current: () => Child } {
  const { policy = SITE_RESTART_POLICY, isStopping, onGiveUp, now = Date.now, log = (message) => console.error(message) } = options;
  const stops: number[] = [];
  let child: Child;
  const run = () => {
    child = start();
    const started = child;
    void started.exited.then((code) => {
      if (isStopping()) return;
      const at = now();
      stops.push(at);
      while (stops.length > 0 && stops[0]! <= at - policy.windowMs) stops.shift();
      if (stops.length > policy.maxRestarts) {
        log(`[dev] ${started.name} stopped ${stops.length} times within ${policy.windowMs / 1000} s (last exit ${code}); stopping everything.`);
        onGiveUp(code);
        return;
      }
      log(`[dev] ${started.name} stopped (exit ${code}); restarting it. The backend keeps running.`);
      run();
    });
  };
  run();
  return { current: () => child };
}
