import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { detectDevMode, portFromEnv } from "./devMode";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function project(envLocal?: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dev-mode-"));
  dirs.push(dir);
  if (envLocal !== undefined) writeFileSync(path.join(dir, ".env.local"), envLocal);
  return dir;
}

test("no deployment anywhere means the local backend", () => {
  expect(detectDevMode({}, project())).toEqual({ kind: "local" });
  expect(detectDevMode({ VITE_CONVEX_URL: " " }, project("# nothing\nOTHER=1\n"))).toEqual({ kind: "local" });
});

test("a deployment in the environment or .env.local means Convex", () => {
  expect(detectDevMode({ CONVEX_DEPLOYMENT: "dev:happy-otter-123" }, project())).toMatchObject({ kind: "cloud" });
  expect(detectDevMode({}, project("VITE_CONVEX_URL=https://happy-otter-123.convex.cloud\n"))).toEqual({
    kind: "cloud",
    reason: "VITE_CONVEX_URL is set in .env.local",
  });
});

test("ports come from the environment or the default", () => {
  expect(portFromEnv(undefined, 5173, "SITE_PORT")).toBe(5173);
  expect(portFromEnv("8080", 5173, "SITE_PORT")).toBe(8080);
  expect(() => portFromEnv("http", 5173, "SITE_PORT")).toThrow(/SITE_PORT must be a port number/);
});
