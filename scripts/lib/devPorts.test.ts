// A taken port is reported as such by `npm run dev`: which port, which
// variable moves it, and nothing about the content.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { REPO_ROOT } from "../../local/config.ts";
import { firstTakenPort, isPortTaken } from "./devPorts.ts";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Something else listening on 127.0.0.1, on a port the system picks. */
async function occupy(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const port = await occupy();
  await new Promise((resolve) => servers.pop()!.close(resolve));
  return port;
}

test("a taken port is named with the variable that moves it; free ports pass", async () => {
  const taken = await occupy();
  expect(await isPortTaken(taken, "127.0.0.1")).toBe(true);
  const free = await freePort();
  expect(await isPortTaken(free, "127.0.0.1")).toBe(false);
  const message = await firstTakenPort([
    { port: free, variable: "SITE_PORT", what: "the site", hosts: ["127.0.0.1"] },
    { port: taken, variable: "LOCAL_BACKEND_PORT", what: "the local backend", hosts: ["127.0.0.1"] },
  ]);
  expect(message).toContain(`Port ${taken} (the local backend) is already in use`);
  expect(message).toContain("LOCAL_BACKEND_PORT");
  expect(await firstTakenPort([{ port: free, variable: "SITE_PORT", what: "the site", hosts: ["127.0.0.1"] }])).toBeNull();
});

/** Runs scripts/dev.ts (what `npm run dev` runs) to its end. */
function runDev(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "scripts", "dev.ts")], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, VITE_CONVEX_URL: "", CONVEX_DEPLOYMENT: "", ...env },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
}

test.each([
  ["LOCAL_BACKEND_PORT", "the local backend"],
  ["SITE_PORT", "the site, Vite"],
] as const)("npm run dev with %s taken says so and exits, with no advice about content", { timeout: 30_000 }, async (variable, what) => {
  const taken = await occupy();
  const other = await freePort();
  const ports = variable === "LOCAL_BACKEND_PORT" ? { LOCAL_BACKEND_PORT: String(taken), SITE_PORT: String(other) } : { LOCAL_BACKEND_PORT: String(other), SITE_PORT: String(taken) };
  const { code, output } = await runDev({ ...ports, LOCAL_BACKEND_DIR: path.join(os.tmpdir(), `dev-ports-test-${process.pid}`) });
  expect(code, output).toBe(1);
  expect(output).toContain(`Port ${taken} (${what}) is already in use`);
  expect(output).toContain(`${variable}=`);
  expect(output).not.toMatch(/content|sync|EADDRINUSE/i);
});
