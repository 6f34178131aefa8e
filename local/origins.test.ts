import { ConvexHttpClient } from "convex/browser";
import { describe, expect, test } from "vitest";
import WebSocket from "ws";
import { allowedOriginsFromEnv, isAllowedOrigin, siteOrigins } from "./origins.ts";
import { suiteBackend } from "./suiteBackend.ts";
import { api } from "./test-fixtures/convex/_generated/api";
import { FIXTURE_CONVEX_DIR } from "./testing.ts";

const SITE = "http://localhost:5401";
const FOREIGN = ["http://localhost:9999", "http://127.0.0.1:5173", "https://evil.example", "null"];

const backend = suiteBackend({ convexDir: FIXTURE_CONVEX_DIR, allowedOrigins: siteOrigins(5401) });

const queryBody = JSON.stringify({ path: "messages:list", format: "convex_encoded_json", args: [{}] });

function post(pathname: string, origin?: string) {
  return fetch(`${backend().url}${pathname}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(origin === undefined ? {} : { origin }) },
    body: queryBody,
  });
}

/** The status of a sync WebSocket upgrade: 101 when accepted, the refusal's status otherwise. */
function upgrade(origin?: string): Promise<number> {
  const ws = new WebSocket(`${backend().url.replace("http", "ws")}/api/1.48.0/sync`, origin === undefined ? {} : { origin });
  return new Promise((resolve) => {
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.once("error", () => resolve(-1));
  });
}

describe("the backend answers the site's pages and Node clients only", () => {
  test("a page of another origin is refused with 403, with no CORS header", async () => {
    for (const origin of FOREIGN) {
      for (const response of [
        await post("/api/query", origin),
        await post("/api/mutation", origin),
        await fetch(`${backend().url}/api/query`, {
          method: "OPTIONS",
          headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
        }),
        await fetch(`${backend().url}/hello`, { headers: { origin } }),
        await fetch(`${backend().url}/_local/status`, { headers: { origin } }),
      ]) {
        expect(response.status, `${origin} ${response.url}`).toBe(403);
        expect(response.headers.get("access-control-allow-origin")).toBeNull();
      }
    }
  });

  test("a WebSocket from another origin is refused with 403", async () => {
    for (const origin of FOREIGN) expect(await upgrade(origin), origin).toBe(403);
  });

  test("the site's own pages get their origin echoed, never *, and may not send the admin key", async () => {
    for (const origin of siteOrigins(5401)) {
      const response = await post("/api/query", origin);
      expect(response.status, origin).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("vary")).toMatch(/Origin/);
    }
    const preflight = await fetch(`${backend().url}/api/mutation`, {
      method: "OPTIONS",
      headers: { origin: SITE, "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).not.toContain("authorization");
    expect(await upgrade(SITE)).toBe(101);
  });

  test("clients that send no Origin (Node, the content sync, tests) keep working", async () => {
    const response = await post("/api/query");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(await new ConvexHttpClient(backend().url).query(api.messages.list, {})).toEqual([]);
    expect(await upgrade()).toBe(101);
  });
});

describe("allowed origins", () => {
  test("default to the site on Vite's dev and preview ports", () => {
    const allowed = new Set(allowedOriginsFromEnv({}));
    for (const origin of ["http://localhost:5173", "http://127.0.0.1:5173", "http://[::1]:4173"]) {
      expect(isAllowedOrigin(origin, allowed), origin).toBe(true);
    }
    for (const origin of ["http://localhost:5174", "http://localhost", "https://localhost:5173", "null"]) {
      expect(isAllowedOrigin(origin, allowed), origin).toBe(false);
    }
    expect(isAllowedOrigin(undefined, allowed)).toBe(true);
  });

  test("LOCAL_BACKEND_ALLOWED_ORIGINS replaces them, and a bad entry is an error", () => {
    const env = { LOCAL_BACKEND_ALLOWED_ORIGINS: " http://localhost:5401/ , HTTP://Example.test:8080," };
    expect(allowedOriginsFromEnv(env)).toEqual(["http://localhost:5401", "http://example.test:8080"]);
    expect(() => allowedOriginsFromEnv({ LOCAL_BACKEND_ALLOWED_ORIGINS: "localhost:5173" })).toThrow(/LOCAL_BACKEND_ALLOWED_ORIGINS/);
  });
});
