import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { ConvexError, type Value } from "convex/values";
import { describe, expect, test } from "vitest";
import WebSocket from "ws";
import { adminHttpClient } from "./adminClient.ts";
import { FIXTURE_CONVEX_DIR, waitFor } from "./testing.ts";
import { api, internal } from "./test-fixtures/convex/_generated/api";
import { suiteBackend } from "./suiteBackend.ts";

const backend = suiteBackend({ convexDir: FIXTURE_CONVEX_DIR, pingIntervalMs: 100 });

const wsClient = () => new ConvexClient(backend().url, { webSocketConstructor: WebSocket as never, unsavedChangesWarning: false });
/** For calls meant to fail: the client would print each expected server error. */
const quietWsClient = () =>
  new ConvexClient(backend().url, { webSocketConstructor: WebSocket as never, unsavedChangesWarning: false, logger: false });

describe("WebSocket sync with the unmodified ConvexClient", () => {
  test("pushes new query results after a mutation and after a scheduled function", async () => {
    const client = wsClient();
    const updates: string[][] = [];
    const stop = client.onUpdate(api.messages.list, {}, (messages) => updates.push(messages.map((m) => m.body)));
    try {
      await waitFor(() => updates.length > 0);
      const before = updates.at(-1)!.length;

      await client.mutation(api.messages.send, { body: "first", author: "ws" });
      // The mutation resolves only after a Transition that includes its write.
      expect(updates.at(-1)).toContain("first");

      await client.mutation(api.messages.sendLater, { body: "from the scheduler", delayMs: 30 });
      await waitFor(() => updates.at(-1)?.includes("from the scheduler"));
      expect(updates.at(-1)!.length).toBe(before + 2);
    } finally {
      stop();
      await client.close();
    }
  });

  test("keeps ConvexError data intact for mutations", async () => {
    const client = quietWsClient();
    try {
      const error = await client.mutation(api.messages.send, { body: " ", author: "ws" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConvexError);
      expect((error as ConvexError<Value>).data).toEqual({ code: "EMPTY_BODY", field: "body" });
    } finally {
      await client.close();
    }
  });

  test("keeps ConvexError data intact for actions and queries", async () => {
    const client = quietWsClient();
    try {
      const fromAction = await client.action(api.messages.actionFailWithData, {}).catch((e: unknown) => e);
      expect(fromAction).toBeInstanceOf(ConvexError);
      expect((fromAction as ConvexError<Value>).data).toEqual({ code: "ACTION_DATA", list: [1, "two"] });
      const fromQuery = await client.query(api.messages.failWithData, {}).catch((e: unknown) => e);
      expect(fromQuery).toBeInstanceOf(ConvexError);
      expect((fromQuery as ConvexError<Value>).data).toEqual({ code: "QUERY_DATA", nested: { n: 1 } });
    } finally {
      await client.close();
    }
  });

  test("sends Pings to connected clients", async () => {
    const ws = new WebSocket(`${backend().url.replace("http", "ws")}/api/1.48.0/sync`);
    const types: string[] = [];
    ws.on("message", (data) => types.push((JSON.parse(data.toString()) as { type: string }).type));
    await new Promise((resolve) => ws.once("open", resolve));
    ws.send(JSON.stringify({ type: "Connect", sessionId: "00000000-0000-4000-8000-0000000000f1", connectionCount: 0, lastCloseReason: null, clientTs: 0 }));
    try {
      await waitFor(() => types.filter((t) => t === "Ping").length >= 2, { timeoutMs: 3000 });
    } finally {
      ws.close();
    }
  });

  test("runs actions, which call internal functions", async () => {
    const client = wsClient();
    try {
      expect(await client.action(api.messages.countViaAction, {})).toBeGreaterThanOrEqual(0);
    } finally {
      await client.close();
    }
  });

  test("pushes commits made by crons", async () => {
    const client = wsClient();
    const counts: number[] = [];
    const stop = client.onUpdate(api.ticks.get, { name: "interval" }, (n) => counts.push(n));
    try {
      await waitFor(() => counts.length > 0);
      const first = counts[0]!;
      // The fixture's interval cron bumps the counter every second.
      await waitFor(() => counts.at(-1)! > first, { timeoutMs: 4000 });
    } finally {
      stop();
      await client.close();
    }
  });
});

describe("HTTP function API with ConvexHttpClient", () => {
  test("public functions work without the admin key; internal ones are refused", async () => {
    const http = new ConvexHttpClient(backend().url);
    const id = await http.mutation(api.messages.send, { body: "over http", author: "http" });
    expect(typeof id).toBe("string");
    // What a caller without the key gets when it tries internal functions anyway.
    const sneaky = http as unknown as ReturnType<typeof adminHttpClient>;
    await expect(sneaky.query(internal.messages.count, {})).rejects.toThrow(/Could not find public function/);
    await expect(sneaky.mutation(internal.messages.insertInternal, { body: "x", author: "y" })).rejects.toThrow(
      /Could not find public function/,
    );
  });

  test("internal functions work with the admin key", async () => {
    const http = adminHttpClient(backend().url, backend().adminKey);
    const before = await http.query(internal.messages.count, {});
    await http.mutation(internal.messages.insertInternal, { body: "admin", author: "sync" });
    expect(await http.query(internal.messages.count, {})).toBe(before + 1);
  });

  test("a wrong admin key is rejected", async () => {
    const http = adminHttpClient(backend().url, "0".repeat(64));
    await expect(http.query(api.messages.list, {})).rejects.toThrow(/BadAdminKey/);
  });

  test("ConvexError data survives the HTTP API", async () => {
    const http = new ConvexHttpClient(backend().url);
    const error = await http.mutation(api.messages.send, { body: "", author: "http" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<Value>).data).toEqual({ code: "EMPTY_BODY", field: "body" });
  });

  test("answers CORS preflights from the site's pages (origins: origins.test.ts)", async () => {
    const origin = "http://localhost:5173";
    const response = await fetch(`${backend().url}/api/mutation`, { method: "OPTIONS", headers: { origin } });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(origin);
    expect(response.headers.get("access-control-allow-headers")).toMatch(/Content-Type/);
  });
});

describe("HTTP actions", () => {
  test("serves convex/http.ts routes on the same port", async () => {
    const response = await fetch(`${backend().siteUrl}/hello?name=tester`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^hello tester \(\d+ messages\)$/);
  });

  test("unknown paths are a 404 from the router", async () => {
    expect((await fetch(`${backend().siteUrl}/nope`)).status).toBe(404);
  });
});

describe("failures never take the backend down", () => {
  test("a throwing mutation and a schema violation fail only that call", async () => {
    const http = new ConvexHttpClient(backend().url);
    await expect(http.mutation(api.messages.fail, {})).rejects.toThrow(/boom/);
    await expect(http.mutation(api.messages.violateSchema, {})).rejects.toThrow(/Validator error/);
    const bodies = (await http.query(api.messages.list, {})).map((m) => m.body);
    expect(bodies).not.toContain(42);
    expect(await http.mutation(api.messages.send, { body: "still alive", author: "t" })).toBeTruthy();
  });

  test("malformed frames and a client dropping mid-request are survived", async () => {
    const ws = new WebSocket(`${backend().url.replace("http", "ws")}/api/1.48.0/sync`);
    await new Promise((resolve) => ws.once("open", resolve));
    ws.send("not json");
    ws.send(JSON.stringify({ type: "Connect", sessionId: "drop", connectionCount: 0, lastCloseReason: null, clientTs: 0 }));
    ws.send(JSON.stringify({ type: "Mutation", requestId: 0, udfPath: "messages:send", args: [{ body: "dropped", author: "d" }] }));
    ws.terminate();
    const http = new ConvexHttpClient(backend().url);
    await waitFor(async () => (await http.query(api.messages.list, {})).some((m) => m.body === "dropped"));
  });

  test("status endpoint reports the backend", async () => {
    const status = (await (await fetch(`${backend().url}/_local/status`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ ok: true, functionsLoaded: true, dataDir: backend().dataDir });
  });
});
