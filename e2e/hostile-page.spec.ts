// A page from another local port, open in the same browser as the site,
// tries what issue 7 found: read the admin key and drafts through the site
// server, and drive the backend over HTTP and WebSocket.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import path from "node:path";
import { REPO_ROOT } from "../local/config.ts";
import { BACKEND_DATA_DIR, BACKEND_URL, SITE_URL } from "./helpers/stack.ts";

// The stack's own data folder, inside the repository as .local-backend/ is.
const ADMIN_KEY_PATH = `/${path.relative(REPO_ROOT, path.join(BACKEND_DATA_DIR, "admin_key")).split(path.sep).join("/")}`;

let hostile: Server;
let hostileUrl = "";

test.beforeAll(async () => {
  hostile = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end("<!doctype html><title>elsewhere</title><p>another site</p>");
  });
  await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
  hostileUrl = `http://localhost:${(hostile.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => hostile.close(() => resolve())));

test("a page of another origin can read nothing from the site and cannot reach the backend", async ({ page }) => {
  await page.goto(hostileUrl);
  const results = await page.evaluate(
    async ({ site, backend, adminKeyPath }) => {
      const read = async (url: string, init?: RequestInit) => {
        try {
          const response = await fetch(url, init);
          return `read ${response.status}`;
        } catch {
          return "blocked";
        }
      };
      const socket = () =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`${backend.replace("http", "ws")}/api/1.48.0/sync`);
          ws.onopen = () => {
            ws.close();
            resolve("open");
          };
          ws.onerror = () => resolve("refused");
        });
      const query = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ path: "posts:list", args: [{}] }) };
      return {
        adminKey: await read(`${site}${adminKeyPath}?raw`),
        draft: await read(`${site}/content/blog/publishing-a-post.md?raw`),
        source: await read(`${site}/src/main.tsx`),
        backendQuery: await read(`${backend}/api/query`, query),
        backendSocket: await socket(),
      };
    },
    { site: SITE_URL, backend: BACKEND_URL, adminKeyPath: ADMIN_KEY_PATH },
  );
  expect(results).toEqual({ adminKey: "blocked", draft: "blocked", source: "blocked", backendQuery: "blocked", backendSocket: "refused" });
});

test("the site's own pages still reach the backend", async ({ page }) => {
  const sockets: string[] = [];
  page.on("websocket", (socket) => sockets.push(socket.url()));
  await page.goto("/");
  await expect(page.getByRole("region", { name: "Posts" }).getByRole("link").first()).toBeVisible();
  expect(sockets.some((url) => url.startsWith(BACKEND_URL.replace("http", "ws")))).toBe(true);
  const status = await page.evaluate(async (backend) => {
    const response = await fetch(`${backend}/api/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: "posts:list", args: [{}] }),
    });
    return response.status;
  }, BACKEND_URL);
  expect(status).toBe(200);
});
