import { rmSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { readAdminKey } from "./adminKey.ts";
import { startLocalBackend, type LocalBackend } from "./backend.ts";
import { FIXTURE_CONVEX_DIR, makeTempDir } from "./testing.ts";

const temps: Array<ReturnType<typeof makeTempDir>> = [];
const started: LocalBackend[] = [];
afterEach(async () => {
  for (const backend of started.splice(0)) await backend.close();
  temps.splice(0).forEach((t) => t.remove());
});

async function start(dataDir: string) {
  const backend = await startLocalBackend({ port: 0, dataDir, convexDir: FIXTURE_CONVEX_DIR, quiet: true, watch: false });
  started.push(backend);
  return backend;
}

test("the admin key is created readable by its owner only, in a folder only its owner can enter, and kept across restarts", async () => {
  const temp = makeTempDir();
  temps.push(temp);
  const dataDir = path.join(temp.dir, "data");
  const first = await start(dataDir);
  expect(first.adminKey).toMatch(/^[0-9a-f]{64}$/);
  expect(first.adminKeyFile).toBe(path.join(dataDir, "admin_key"));
  expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  expect(statSync(first.adminKeyFile).mode & 0o777).toBe(0o600);
  await first.close();
  started.splice(0);

  const second = await start(dataDir);
  expect(second.adminKey).toBe(first.adminKey);
  expect(readAdminKey(dataDir)).toBe(first.adminKey);
  expect(statSync(second.adminKeyFile).mode & 0o777).toBe(0o600);
});

test("a data folder with its admin key but no database file starts empty only with a loud warning", async () => {
  const temp = makeTempDir();
  temps.push(temp);
  const dataDir = path.join(temp.dir, "data");
  const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    const fresh = await startLocalBackend({ port: 0, dataDir, convexDir: FIXTURE_CONVEX_DIR, watch: false });
    started.push(fresh);
    expect(errors).not.toHaveBeenCalled();
    await fresh.close();
    started.splice(0);

    rmSync(fresh.dataFile);
    const again = await startLocalBackend({ port: 0, dataDir, convexDir: FIXTURE_CONVEX_DIR, watch: false });
    started.push(again);
    const said = errors.mock.calls.map((args) => args.join(" ")).join("\n");
    expect(said).toMatch(/no database file/i);
    expect(said).toContain(fresh.dataFile);
    expect(said).toMatch(/EMPTY/);
  } finally {
    errors.mockRestore();
  }
});
