// What a page of another origin can do to `npm run dev` with one tag (issue
// 16): ask Vite for a module form that used to kill it, or frame the site so
// that each load of the framing page counted a visit.
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { ConvexHttpClient } from "convex/browser";
import { api } from "../convex/_generated/api";
import { STATUS_PATH } from "../local/server.ts";
import { startDevStack } from "./helpers/devStack.ts";
import { BACKEND_URL, SITE_URL } from "./helpers/stack.ts";

/** Requests that killed Vite 8.3.8 (and with it the whole dev stack) before the site server refused them. */
const VITE_KILLERS = [
  "/@id/node_modules/react/index.js?html-proxy&index=0.js",
  "/@id/react?html-proxy&index=0.js",
  "/@id/react-dom/client?x.js",
  "/@id/react?lang.ts",
];

let hostile: Server;
let hostileUrl = "";
let hostilePage = "";

test.beforeAll(async () => {
  hostile = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(hostilePage);
  });
  await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
  hostileUrl = `http://localhost:${(hostile.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => hostile.close(() => resolve())));

async function answers(url: string): Promise<number | string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    return response.status;
  } catch (error) {
    return String(error);
  }
}

test("tags on another origin's page asking for Vite's crash forms leave the site and the backend running", async ({ page }) => {
  hostilePage = [
    "<!doctype html><title>elsewhere</title>",
    ...VITE_KILLERS.map((url) => `<img src="${SITE_URL}${url}"><script type="module" src="${SITE_URL}${url}"></script>`),
  ].join("\n");
  const refused: number[] = [];
  page.on("response", (response) => {
    if (response.url().startsWith(`${SITE_URL}/@id/`)) refused.push(response.status());
  });
  await page.goto(hostileUrl, { waitUntil: "load" });
  expect(refused.length).toBeGreaterThanOrEqual(VITE_KILLERS.length);
  expect(new Set(refused)).toEqual(new Set([403]));
  // Straight from Node as well, in case the browser dropped any of them.
  for (const url of VITE_KILLERS) expect(await answers(`${SITE_URL}${url}`), url).toBe(403);

  expect(await answers(`${BACKEND_URL}${STATUS_PATH}`)).toBe(200);
  await page.goto(SITE_URL);
  await expect(page.getByRole("region", { name: "Posts" }).getByRole("link").first()).toBeVisible();
});

test("another origin framing the site gets nothing shown and counts no visit", async ({ page }) => {
  const http = new ConvexHttpClient(BACKEND_URL, { logger: false });
  const before = (await http.query(api.stats.getStats, {})).totalPageViews;
  hostilePage = [
    "<!doctype html><title>elsewhere</title>",
    `<iframe id="home" src="${SITE_URL}/" style="opacity:0"></iframe>`,
    `<iframe id="stats" src="${SITE_URL}/stats"></iframe>`,
  ].join("\n");
  const sockets: string[] = [];
  page.on("websocket", (socket) => sockets.push(socket.url()));
  const siteRequests: string[] = [];
  page.on("request", (request) => {
    if (request.url().startsWith(SITE_URL)) siteRequests.push(request.url());
  });
  await page.goto(hostileUrl, { waitUntil: "load" });
  // Both frames were asked for, and the browser refused to show them: no app script ran in them.
  await expect.poll(() => siteRequests.length).toBeGreaterThanOrEqual(2);
  expect(siteRequests.filter((url) => url.includes("/src/"))).toEqual([]);
  for (const frame of page.frames().slice(1)) {
    expect(await frame.locator("#root").count().catch(() => 0)).toBe(0);
  }
  expect(sockets).toEqual([]);
  expect((await http.query(api.stats.getStats, {})).totalPageViews).toBe(before);
});

/** The pid of the Vite that a dev stack started on `port`, from /proc. */
function vitePid(port: number): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    const at = args.indexOf("--port");
    if (args.some((arg) => arg.endsWith("vite/bin/vite.js")) && at !== -1 && args[at + 1] === String(port)) return Number(entry);
  }
  return null;
}

test("if Vite dies anyway, npm run dev says so and restarts it; the backend keeps running", async ({ page }) => {
  test.setTimeout(300_000);
  const stack = await startDevStack({});
  try {
    const port = Number(new URL(stack.siteUrl).port);
    const first = vitePid(port);
    expect(first, stack.output()).not.toBeNull();
    // Its whole group, as an uncaught exception would end it.
    process.kill(-first!, "SIGKILL");
    await expect.poll(() => stack.output(), { timeout: 30_000 }).toContain("restarting it. The backend keeps running.");
    await expect.poll(() => answers(stack.siteUrl), { timeout: 120_000, intervals: [500] }).toBe(200);
    expect(vitePid(port)).not.toBe(first);
    expect(await answers(`${stack.backendUrl}${STATUS_PATH}`)).toBe(200);
    expect(stack.output()).not.toContain("stopping everything");
    await page.goto(stack.siteUrl);
    await expect(page.getByRole("region", { name: "Posts" }).getByRole("link").first()).toBeVisible();
  } finally {
    await stack.stop();
  }
});
