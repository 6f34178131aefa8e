// The Vite dev and preview servers, started from vite.config.ts, asked for
// what a hostile page or another local user would ask for.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PreviewServer, ViteDevServer } from "vite";
import { REPO_ROOT } from "../../local/config.ts";
import { FRAME_HEADERS } from "../../netlify/frameHeaders.ts";
import { BROWSER_CONVEX_MODULES, isAppRoutePath, isRefusedViteRequest } from "./siteServer.ts";

const CONFIG_FILE = path.join(REPO_ROOT, "vite.config.ts");
const SECRET = `secret-${process.pid}-${Date.now()}`;
const FOREIGN_ORIGIN = "http://localhost:9999";

/** Files that must never leave the machine, created for the test and removed after. */
const made: string[] = [];
function plant(file: string, content = SECRET) {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, content, { mode: 0o600 });
  made.push(file);
}

// LOCAL_BACKEND_DIR inside a folder the app is served from, so only the
// data-folder rule can keep it out.
const dataDirInAllowed = path.join(REPO_ROOT, "node_modules", ".cache", `site-server-test-${process.pid}`);
const dataDirOutside = mkdtempSync(path.join(os.tmpdir(), "site-server-test-"));
const defaultDataDir = path.join(REPO_ROOT, ".local-backend");
const envFile = path.join(REPO_ROOT, `.env.site-server-test-${process.pid}.local`);
const draft = readdirSync(path.join(REPO_ROOT, "content", "blog")).find((f) => f.endsWith(".md"))!;
const draftBytes = readFileSync(path.join(REPO_ROOT, "content", "blog", draft), "utf8").slice(0, 60);

/** [URL path, bytes that must not appear in the answer]. */
function refusedPaths(): Array<[string, string]> {
  const rel = (file: string) => `/${path.relative(REPO_ROOT, file).split(path.sep).join("/")}`;
  const inAllowed = rel(path.join(dataDirInAllowed, "admin_key"));
  const packageJson = readFileSync(path.join(REPO_ROOT, "package.json"), "utf8").slice(0, 40);
  const serverSource = readFileSync(path.join(REPO_ROOT, "local", "server.ts"), "utf8").slice(0, 40);
  return [
    ["/.local-backend/probe_key?raw", SECRET],
    ["/.local-backend/probe_key", SECRET],
    ["/.local-backend/probe_key?import", SECRET],
    ["/.local-backend/db.jsonl-probe", SECRET],
    [`/@fs${REPO_ROOT}/.local-backend/probe_key?raw`, SECRET],
    ["/@id/.local-backend/probe_key?raw", SECRET],
    ["/src/../.local-backend/probe_key?raw", SECRET],
    [`${inAllowed}?raw`, SECRET],
    [inAllowed, SECRET],
    [`/@fs${dataDirOutside}/admin_key?raw`, SECRET],
    [`/@fs${dataDirOutside}/admin_key`, SECRET],
    [`/${path.basename(envFile)}`, SECRET],
    [`/${path.basename(envFile)}?raw`, SECRET],
    [`/content/blog/${draft}?raw`, draftBytes],
    [`/content/blog/${draft}`, draftBytes],
    [`/@fs${REPO_ROOT}/content/blog/${draft}?raw`, draftBytes],
    ["/package.json", packageJson],
    ["/package.json?raw", packageJson],
    ["/local/server.ts", "createServer"],
    ["/local/server.ts?raw", serverSource],
    ["/scripts/dev.ts?raw", "startChild"],
    ["/convex/stats.ts", "recordPageView"],
    ["/convex/stats.ts?raw", "recordPageView"],
    ["/convex/content.ts?import", "internalMutation"],
    ["/.git/config", "[core]"],
    ["/vite.config.ts", "defineConfig"],
    ["/README.md", "# markdown-site"],
    ["/@fs/etc/passwd", "root:"],
  ];
}

beforeAll(() => {
  for (const dir of [defaultDataDir, dataDirInAllowed, dataDirOutside]) {
    plant(path.join(dir, dir === defaultDataDir ? "probe_key" : "admin_key"));
  }
  plant(path.join(defaultDataDir, "db.jsonl-probe"));
  plant(envFile);
});

afterAll(() => {
  for (const file of made) rmSync(file, { force: true });
  rmSync(dataDirInAllowed, { recursive: true, force: true });
  rmSync(dataDirOutside, { recursive: true, force: true });
});

function portOf(server: { httpServer: ViteDevServer["httpServer"] | PreviewServer["httpServer"] }): number {
  const address = server.httpServer?.address();
  return typeof address === "object" && address !== null ? address.port : 0;
}

async function expectRefused(base: string) {
  for (const [pathname, secret] of refusedPaths()) {
    const response = await fetch(`${base}${pathname}`, { headers: { origin: FOREIGN_ORIGIN } });
    const body = await response.text();
    expect([403, 404], `${pathname} answered ${response.status}`).toContain(response.status);
    expect(body.includes(secret), `${pathname} gave its bytes away`).toBe(false);
  }
}

/**
 * Requests that killed Vite 8.3.8 (uncaught ENOENT in its dependency
 * optimizer) before the site server refused them; see isRefusedViteRequest.
 */
const VITE_KILLERS = [
  "/@id/node_modules/react/index.js?html-proxy&index=0.js",
  "/@id/react?html-proxy&index=0.js",
  "/@id/react?x=1&html-proxy&index=0.js",
  "/@id/react?html-proxy=1&index=0.js",
  "/@id/react/jsx-runtime?html-proxy&index=0.js",
  "/@id/react-dom/client?x.js",
  "/@id/react?lang.js",
  "/@id/react?index=0.js",
  "/@id/react?v=1.js",
  "/@id/react?a.mjs",
  "/@id/react?a.ts",
  "/@id/react?lang%2Ejs",
  "/@id/./node_modules/react/index.js?lang.js",
  "/@id/dompurify?html-proxy&index=0.js",
  "/@id/@fontsource/inter?html-proxy&index=0.js",
];

/** What a page of another origin might also try: odd `?html-proxy`, `/@id/` and `/@vite/` forms. */
const HOSTILE_FORMS = [
  "/src/main.tsx?html-proxy&index=0.js",
  "/node_modules/react/index.js?html-proxy&index=0.js",
  "/@vite/client?html-proxy&index=0.js",
  "/index.html?x&html-proxy&index=0.js",
  "/index.html?html-proxy&index=0.js&x",
  "/@id/react?worker",
  "/@id/react?url",
  "/@id/react?raw",
  "//@id/react?lang.js",
  "/src/../@id/react?lang.js",
];

/** Module URLs a Vite-served file imports (Vite rewrites them to root-relative URLs). */
function importsOf(code: string): string[] {
  const found = new Set<string>();
  const patterns = [/\b(?:import|export)\b[^"'`;]*?\bfrom\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /\bimport\s*["']([^"']+)["']/g];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) if (match[1]!.startsWith("/")) found.add(match[1]!);
  return [...found];
}

describe("vite dev", () => {
  let server: ViteDevServer;
  let base = "";
  const savedDir = process.env.LOCAL_BACKEND_DIR;

  beforeAll(async () => {
    const { createServer } = await import("vite");
    process.env.LOCAL_BACKEND_DIR = dataDirInAllowed;
    server = await createServer({
      configFile: CONFIG_FILE,
      root: REPO_ROOT,
      logLevel: "silent",
      server: { host: "127.0.0.1", port: 0, watch: null, hmr: false },
    });
    await server.listen();
    base = `http://localhost:${portOf(server)}`;
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    if (savedDir === undefined) delete process.env.LOCAL_BACKEND_DIR;
    else process.env.LOCAL_BACKEND_DIR = savedDir;
  });

  test("refuses the data folder, drafts, .env files and every source the app does not load", { timeout: 30_000 }, async () => {
    await expectRefused(base);
  });

  test("serves the app: its pages, every module it imports, public files", { timeout: 60_000 }, async () => {
    for (const page of ["/", "/stats", "/publishing-a-post"]) {
      const response = await fetch(`${base}${page}`, { headers: { accept: "text/html" } });
      expect(response.status, page).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    }
    for (const file of ["/favicon.svg", "/images/stats-pipeline.svg", "/robots.txt"]) {
      expect((await fetch(`${base}${file}`)).status, file).toBe(200);
    }
    // Walk the module graph the way the browser does, from the page's scripts.
    const html = await (await fetch(`${base}/`)).text();
    const queue = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!);
    queue.push(...importsOf(html));
    const seen = new Set<string>();
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const response = await fetch(`${base}${url}`);
      expect(response.status, url).toBe(200);
      queue.push(...importsOf(await response.text()));
    }
    const convexModules = [...seen].filter((u) => u.startsWith("/convex/")).map((u) => u.slice("/convex/".length).split("?")[0]);
    expect(new Set(convexModules)).toEqual(new Set(BROWSER_CONVEX_MODULES));
    expect([...seen].some((u) => u.startsWith("/src/pages/stats/"))).toBe(true);
    expect([...seen].filter((u) => /^\/(local|scripts|content)\//.test(u))).toEqual([]);
  });

  test("refuses the request forms that crash Vite, and keeps serving", { timeout: 60_000 }, async () => {
    for (const url of [...VITE_KILLERS, ...HOSTILE_FORMS]) {
      const response = await fetch(`${base}${url}`, { headers: { "sec-fetch-dest": "script" } });
      expect(response.status, url).toBe(403);
      await response.body?.cancel();
    }
    expect((await fetch(`${base}/`)).status).toBe(200);
    expect((await fetch(`${base}/src/main.tsx`)).status).toBe(200);
  });

  test("forbids framing on pages, modules and refusals alike", async () => {
    for (const url of ["/", "/stats", "/src/main.tsx", "/favicon.svg", "/no-such-file.txt", VITE_KILLERS[0]!]) {
      const response = await fetch(`${base}${url}`, { headers: { accept: "text/html" } });
      await response.body?.cancel();
      for (const [name, value] of Object.entries(FRAME_HEADERS)) expect(response.headers.get(name), `${name} on ${url}`).toBe(value);
    }
  });

  test("sends no CORS header to another origin, another local port included", async () => {
    const response = await fetch(`${base}/src/main.tsx`, { headers: { origin: FOREIGN_ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${base}/src/main.tsx`, {
      method: "OPTIONS",
      headers: { origin: FOREIGN_ORIGIN, "access-control-request-method": "GET" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("vite preview", () => {
  let server: PreviewServer;
  let base = "";
  const outDir = mkdtempSync(path.join(os.tmpdir(), "site-server-dist-"));

  beforeAll(async () => {
    // A stand-in build: preview serves the output folder as it is.
    writeFileSync(path.join(outDir, "index.html"), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
    mkdirSync(path.join(outDir, "assets"));
    writeFileSync(path.join(outDir, "assets", "app.js"), "export {};\n");
    const { preview } = await import("vite");
    server = await preview({
      configFile: CONFIG_FILE,
      root: REPO_ROOT,
      logLevel: "silent",
      build: { outDir },
      preview: { host: "127.0.0.1", port: 0 },
    });
    base = `http://localhost:${portOf(server)}`;
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  test("refuses everything outside the build instead of answering with the app shell", { timeout: 30_000 }, async () => {
    await expectRefused(base);
  });

  test("serves the build and the app's routes", async () => {
    for (const page of ["/", "/stats", "/publishing-a-post"]) {
      const response = await fetch(`${base}${page}`, { headers: { accept: "text/html" } });
      expect(response.status, page).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    }
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(200);
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
  });

  test("sends the built site's policy, which forbids framing, and refuses the forms that crash the dev server", async () => {
    for (const url of ["/", "/stats", "/assets/app.js"]) {
      const response = await fetch(`${base}${url}`, { headers: { accept: "text/html" } });
      await response.body?.cancel();
      expect(response.headers.get("x-frame-options"), url).toBe(FRAME_HEADERS["X-Frame-Options"]);
      const policy = response.headers.get("content-security-policy") ?? "";
      expect(policy.split("; "), url).toEqual(expect.arrayContaining(["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]));
    }
    expect((await fetch(`${base}${VITE_KILLERS[0]}`)).status).toBe(403);
  });

  test("sends no CORS header to another origin", async () => {
    const response = await fetch(`${base}/assets/app.js`, { headers: { origin: FOREIGN_ORIGIN } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

test("app routes are /, /stats and /<slug>", () => {
  const routes = ["/", "/stats", "/a-post", "/a-post/", "/%61-post", "/tags", "/tags/guide", "/page/2", "/tags/guide/page/3"];
  for (const route of routes) expect(isAppRoutePath(route), route).toBe(true);
  const others = ["/.env", "/content/blog/x.md", "/x%2emd", "/@fs/tmp/x", "/a/b", "/%E0%A4%A", "/A-Post", "/page/x", "/tags/a/b", "/tags/.env"];
  for (const other of others) {
    expect(isAppRoutePath(other), other).toBe(false);
  }
});

test("only Vite's own ?html-proxy form on index.html, and /@id/ modules without a query, get through", () => {
  for (const url of [...VITE_KILLERS, ...HOSTILE_FORMS, "/@id/react?t=1&lang.js", "/@id/%E0%A4%A?x"]) expect(isRefusedViteRequest(url), url).toBe(true);
  const own = [
    "/",
    "/src/main.tsx",
    "/src/main.tsx?t=1700000000000",
    "/src/pages/stats/StatsPage.css?direct",
    "/node_modules/.vite/deps/react.js?v=1a2b3c4d",
    "/@vite/client",
    "/@react-refresh",
    "/@id/react",
    "/@id/__x00__virtual:module?t=1700000000000",
    "/index.html?html-proxy&index=0.js",
    "/index.html?html-proxy&inline-css&index=1.css",
    "/index.html?html-proxy&inline-css&style-attr&index=2.css",
    "/index.html?html-proxy&direct&index=0.css",
  ];
  for (const url of own) expect(isRefusedViteRequest(url), url).toBe(false);
});
