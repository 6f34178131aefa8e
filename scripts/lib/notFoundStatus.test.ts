import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, test, vi } from "vitest";
import { notFoundMiddleware } from "./notFoundStatus";

const HTML = "<!doctype html><title>site</title>";

function call(url: string, answers: Record<string, number>, { method = "GET", accept = "text/html,*/*" } = {}) {
  const fetchApi = vi.fn(async (path: string) => {
    const apiPath = path.split("?")[0]!;
    const status = answers[apiPath] ?? 500;
    if (status !== 200) return new Response("{}", { status });
    if (apiPath === "/api/moved") return Response.json({ slug: "new-name" });
    return Response.json(apiPath === "/api/posts" ? [{ slug: "a", tags: ["convex"] }] : { title: "t", description: "d", url: "u" });
  });
  const req = { url, method, headers: { accept } } as unknown as IncomingMessage;
  const res = { statusCode: 200, headers: {} as Record<string, string>, body: undefined as string | undefined };
  const response = {
    set statusCode(code: number) {
      res.statusCode = code;
    },
    setHeader: (name: string, value: string) => (res.headers[name] = value),
    end: (body?: string) => (res.body = body),
  } as unknown as ServerResponse;
  return new Promise<{ passed: boolean; res: typeof res; fetchApi: typeof fetchApi }>((resolve) => {
    const next = () => resolve({ passed: true, res, fetchApi });
    response.end = ((body?: string) => {
      res.body = body;
      resolve({ passed: false, res, fetchApi });
    }) as ServerResponse["end"];
    notFoundMiddleware(fetchApi, async () => HTML)(req, response, next);
  });
}

describe("notFoundMiddleware", () => {
  test("a slug that is neither a post nor a page gets the app's HTML with status 404", async () => {
    const { passed, res } = await call("/no-such-post", { "/api/post": 404, "/api/page": 404, "/api/moved": 404 });
    expect(passed).toBe(false);
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe(HTML);
  });

  test("a renamed post's old slug redirects permanently to its slug now, as the edge function does", async () => {
    const { passed, res } = await call("/old-name?ref=hn", { "/api/post": 404, "/api/page": 404, "/api/moved": 200 });
    expect(passed).toBe(false);
    expect(res.statusCode).toBe(301);
    expect(res.headers.Location).toBe("/new-name?ref=hn");
  });

  test("posts, pages and a failing API fall through to the usual 200", async () => {
    expect((await call("/a-post", { "/api/post": 200 })).passed).toBe(true);
    expect((await call("/about", { "/api/post": 404, "/api/page": 200 })).passed).toBe(true);
    expect((await call("/about", { "/api/post": 404, "/api/page": 503 })).passed).toBe(true);
  });

  test("the answer does not depend on the Accept header", async () => {
    for (const accept of ["*/*", "text/html", "application/json", ""]) {
      const { passed, res } = await call("/no-such-post", { "/api/post": 404, "/api/page": 404 }, { accept });
      expect(passed).toBe(false);
      expect(res.statusCode).toBe(404);
    }
  });

  test("an unknown tag and a list page past the last answer 404; a tag that exists falls through", async () => {
    for (const url of ["/tags/no-such-tag", "/page/99", "/page/2", "/tags/convex/page/2", "/page/1"]) {
      const { passed, res } = await call(url, { "/api/posts": 200 }, { accept: "*/*" });
      expect({ url, passed, status: res.statusCode }).toEqual({ url, passed: false, status: 404 });
    }
    expect((await call("/tags/convex", { "/api/posts": 200 })).passed).toBe(true);
    expect((await call("/tags/convex", { "/api/posts": 503 })).passed).toBe(true);
  });

  test("other paths and methods are not looked up", async () => {
    for (const [url, options] of [
      ["/", {}],
      ["/stats", {}],
      ["/assets/index.js", {}],
      ["/Not-A-Slug", {}],
      ["/no-such-post", { method: "POST" }],
      ["/tags", {}],
    ] as const) {
      const { passed, fetchApi } = await call(url, { "/api/post": 404, "/api/page": 404 }, options);
      expect(passed).toBe(true);
      expect(fetchApi).not.toHaveBeenCalled();
    }
  });
});
