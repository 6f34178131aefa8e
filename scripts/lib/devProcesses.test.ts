// The lifeline: children of `npm run dev` stop when it goes away, however it goes.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { REPO_ROOT } from "../../local/config.ts";
import { FIXTURE_CONVEX_DIR, makeTempDir, waitFor } from "../../local/testing.ts";

const temps: Array<ReturnType<typeof makeTempDir>> = [];
const pids: number[] = [];
afterEach(() => {
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone, as it should be.
    }
  }
  temps.splice(0).forEach((t) => t.remove());
});

/** Zombies count as gone: their reaper is not ours to wait for. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

// Like scripts/dev.ts: the local backend and another Node child (which starts
// a grandchild in its group, as Vite starts esbuild), stopped on a signal.
const PARENT = `
import { onStopSignal, startChild, stopAll } from ${JSON.stringify(path.join(REPO_ROOT, "scripts", "lib", "devProcesses.ts"))};
const [dataDir, convexDir] = process.argv.slice(2);
const backend = startChild("backend", process.execPath, ["--import", "tsx", ${JSON.stringify(path.join(REPO_ROOT, "local", "main.ts"))},
  "--port", "0", "--data-dir", dataDir, "--convex-dir", convexDir, "--no-watch"]);
const site = startChild("site", process.execPath, ["-e",
  "const g = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });" +
  "console.log('GRANDCHILD ' + g.pid); setInterval(() => {}, 1000);"]);
console.log("CHILDREN " + backend.process.pid + " " + site.process.pid);
onStopSignal(() => void stopAll().then(() => process.exit(0)));
setInterval(() => {}, 1000);
`;

async function startParent() {
  const temp = makeTempDir("dev-lifeline-");
  temps.push(temp);
  const script = path.join(temp.dir, "parent.ts");
  writeFileSync(script, PARENT);
  const dataDir = path.join(temp.dir, "data");
  const parent = spawn(process.execPath, ["--import", "tsx", script, dataDir, FIXTURE_CONVEX_DIR], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  pids.push(parent.pid!);
  let output = "";
  parent.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  parent.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => parent.on("exit", (code) => resolve(code)));
  const found = await waitFor(
    () => {
      const children = /CHILDREN (\d+) (\d+)/.exec(output);
      const grandchild = /GRANDCHILD (\d+)/.exec(output);
      return children && grandchild && /Listening on/.test(output)
        ? [Number(children[1]), Number(children[2]), Number(grandchild[1])]
        : null;
    },
    { timeoutMs: 20_000 },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${output}`);
  });
  pids.push(...found);
  const lock = path.join(dataDir, "LOCK");
  expect(existsSync(lock)).toBe(true);
  return { parent, exited, descendants: found, lock, output: () => output };
}

test("a SIGKILLed parent's children and grandchildren stop, and the backend releases its data folder", { timeout: 40_000 }, async () => {
  const { parent, descendants, lock, output } = await startParent();
  parent.kill("SIGKILL");
  await waitFor(() => descendants.every((pid) => !alive(pid)), { timeoutMs: 10_000 }).catch((error: unknown) => {
    throw new Error(`${String(error)}: still running ${descendants.filter(alive).join(", ")}\n${output()}`);
  });
  // Stopped cleanly (SIGTERM), not killed: the lock is gone.
  expect(existsSync(lock)).toBe(false);
});

test("SIGHUP (the terminal closing) stops everything, like Ctrl-C", { timeout: 40_000 }, async () => {
  const { parent, exited, descendants, lock, output } = await startParent();
  parent.kill("SIGHUP");
  expect(await exited).toBe(0);
  await waitFor(() => descendants.every((pid) => !alive(pid)), { timeoutMs: 10_000 });
  expect(existsSync(lock), output()).toBe(false);
});
