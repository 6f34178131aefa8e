import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { lockDataDir } from "./dataDir.ts";
import { makeTempDir } from "./testing.ts";

const temps: Array<ReturnType<typeof makeTempDir>> = [];
afterEach(() => temps.splice(0).forEach((t) => t.remove()));

function folder() {
  const temp = makeTempDir("data-lock-");
  temps.push(temp);
  return path.join(temp.dir, "data");
}

describe("lockDataDir", () => {
  test("one backend per folder: a second lock is refused until the first is released", () => {
    const dir = folder();
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, "LOCK"), "utf8")).toBe(`${process.pid}\n`);
    expect(() => lockDataDir(dir)).toThrow(/in use by another local backend \(pid \d+, this process\)/);
    release();
    expect(existsSync(path.join(dir, "LOCK"))).toBe(false);
    lockDataDir(dir)();
  });

  test("takes over a lock left by a process that is gone", () => {
    const dir = folder();
    lockDataDir(dir)();
    // A pid above the kernel's pid_max default: never a running process.
    writeFileSync(path.join(dir, "LOCK"), "4194304\n");
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, "LOCK"), "utf8")).toBe(`${process.pid}\n`);
    release();
  });

  test("a process that exits without releasing (a forced exit while stopping) leaves no lock behind", () => {
    const dir = folder();
    const script = `import { lockDataDir } from ${JSON.stringify(path.join(import.meta.dirname, "dataDir.ts"))};
lockDataDir(${JSON.stringify(dir)});
process.exit(0);`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(dir)).toBe(true);
    expect(existsSync(path.join(dir, "LOCK"))).toBe(false);
  });
});
