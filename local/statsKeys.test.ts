import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { ensureStatsKeys } from "./statsKeys.ts";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stats-keys-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

test("creates two different long keys once, 0600, and returns the same ones later", () => {
  const dir = tempDir();
  const first = ensureStatsKeys(dir);
  expect(first.ownerKey).not.toBe(first.shareKey);
  expect(first.ownerKey.length).toBeGreaterThanOrEqual(32);
  expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
  expect(ensureStatsKeys(dir)).toEqual(first);
});

test("a damaged file is reported, not replaced", () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "stats-keys.json"), "{}");
  expect(() => ensureStatsKeys(dir)).toThrow(/damaged/);
});
