import { request } from "node:http";
import path from "node:path";
import { expect, test } from "vitest";
import WebSocket from "ws";
import { REPO_ROOT } from "./config.ts";
import { isLocalHost } from "./server.ts";
import { FIXTURE_CONVEX_DIR } from "./testing.ts";
import { suiteBackend } from "./suiteBackend.ts";

const backend = suiteBackend({ convexDir: FIXTURE_CONVEX_DIR });

/** A GET with a chosen Host header (fetch does not let one set it). */
function get(pathname: string, host: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: backend().port, path: pathname, headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

test("only local Host names are answered (DNS rebinding)", async () => {
  for (const host of [`127.0.0.1:${backend().port}`, "localhost:5173", "LOCALHOST", `[::1]:${backend().port}`]) {
    expect((await get("/_local/status", host)).status, host).toBe(200);
  }
  for (const host of ["evil.example", `evil.example:${backend().port}`, "127.0.0.1.evil.example", "localhost.", "[::2]:80"]) {
    expect((await get("/_local/status", host)).status, host).toBe(403);
    expect((await get("/hello", host)).status, host).toBe(403);
  }
  expect(isLocalHost(undefined)).toBe(false);
});

test("a sync WebSocket from a foreign Host is refused", async () => {
  const url = `${backend().url.replace("http", "ws")}/api/1.48.0/sync`;
  const refused = new WebSocket(url, { headers: { host: "evil.example" } });
  const status = await new Promise<number>((resolve) => {
    refused.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    refused.on("error", () => resolve(-1));
  });
  expect(status).toBe(403);
  const local = new WebSocket(url);
  await new Promise((resolve, reject) => {
    local.once("open", resolve);
    local.once("error", reject);
  });
  local.close();
});

test("the status endpoint, which names local folders, sends no CORS header", async () => {
  const response = await fetch(`${backend().url}/_local/status`);
  expect(response.status).toBe(200);
  expect(response.headers.get("access-control-allow-origin")).toBeNull();
});

test("an HTTP action whose body fails is a 500, not a 200 with a damaged body", async () => {
  const response = await get("/late-error", `127.0.0.1:${backend().port}`);
  expect(response.status).toBe(500);
  expect(response.body).toBe("Internal Server Error");
});

test("Vite's dev proxy (vite.config.ts) still reaches the HTTP actions", { timeout: 30_000 }, async () => {
  const { createServer } = await import("vite");
  const previous = process.env.LOCAL_BACKEND_PORT;
  process.env.LOCAL_BACKEND_PORT = String(backend().port);
  const vite = await createServer({
    configFile: path.join(REPO_ROOT, "vite.config.ts"),
    root: REPO_ROOT,
    logLevel: "silent",
    server: { host: "127.0.0.1", port: 0, watch: null, hmr: false },
  });
  try {
    await vite.listen();
    const address = vite.httpServer!.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    // /rss.xml is proxied; the fixture has no such route, so its router answers 404.
    const response = await fetch(`http://localhost:${port}/rss.xml`);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/No HttpAction routed/);
  } finally {
    await vite.close();
    if (previous === undefined) delete process.env.LOCAL_BACKEND_PORT;
    else process.env.LOCAL_BACKEND_PORT = previous;
  }
});
