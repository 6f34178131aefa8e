// What one connection may hold and how fast it may change it, and what every
// connection's unfinished request bodies may hold together.
import { createServer, type Server } from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BodyBudget } from "./bodyBudget.ts";
import { RateBudget } from "./rateBudget.ts";
import { readBody } from "./httpApi.ts";
import { MAX_SUBSCRIPTION_ARGS_BYTES } from "./limits.ts";
import { rawClient, updatesOf, type Frame } from "./rawClient.ts";
import { suiteBackend } from "./suiteBackend.ts";
import { FIXTURE_CONVEX_DIR, waitFor } from "./testing.ts";

// Query-set changes are budgeted tightly here; frame bytes loosely (the 9 MiB arguments below are sent at once).
const backend = suiteBackend({
  convexDir: FIXTURE_CONVEX_DIR,
  connectionBudgets: { changesPerSecond: 100, changesBurst: 10, frameBytesPerSecond: 1024 * 1024 * 1024 },
});

const frameBudget = suiteBackend({
  convexDir: FIXTURE_CONVEX_DIR,
  connectionBudgets: { frameBytesPerSecond: 1024 * 1024, frameBytesBurst: 100 * 1024 },
});

const add = (queryId: number, args: unknown) => ({ type: "Add", queryId, udfPath: "ticks:get", args: [args] });
const answered = (queryId: number) => (frame: Frame) => frame.type === "Transition" && updatesOf(frame).some((m) => m.queryId === queryId);

test("a connection's subscriptions hold at most 16 MiB of arguments together, and closing it frees them and their results", async () => {
  const big = (tag: string) => ({ name: tag.padEnd(9 * 1024 * 1024, "x") });
  const client = await rawClient(backend().url);
  try {
    client.modify([add(1, big("first"))]);
    expect(updatesOf(await client.next(answered(1)))[0]).toMatchObject({ type: "QueryUpdated", value: 0 });
    client.modify([add(2, big("second"))]);
    const refused = updatesOf(await client.next(answered(2)))[0] as { type: string; errorMessage?: string };
    expect(refused.type).toBe("QueryFailed");
    expect(refused.errorMessage).toContain(`${MAX_SUBSCRIPTION_ARGS_BYTES} bytes (16 MiB) per connection`);
    // Removing one gives its bytes back.
    client.modify([{ type: "Remove", queryId: 1 }, add(3, big("third"))]);
    expect(updatesOf(await client.next(answered(3)))[0]).toMatchObject({ type: "QueryUpdated", value: 0 });
    expect(backend().hub.holdings()).toMatchObject({ subscriptions: 1, cache: { entries: 1, watched: 1 } });
  } finally {
    await client.close();
  }
  await waitFor(() => backend().hub.holdings().sessions === 0);
  expect(backend().hub.holdings()).toEqual({
    sessions: 0,
    subscriptions: 0,
    argBytes: 0,
    queued: 0,
    cache: { entries: 0, watched: 0, running: 0 },
  });
});

test("query-set changes past a connection's budget wait their turn, in order, and all take effect", async () => {
  const client = await rawClient(backend().url);
  const changes = 40;
  try {
    const started = performance.now();
    for (let i = 1; i <= changes; i++) client.modify([add(i, { name: `churn-${i}` })]);
    const last = await client.next((f) => f.type === "Transition" && (f.endVersion as { querySet: number }).querySet === changes);
    const elapsed = performance.now() - started;
    // 10 at once, then 100 a second: the other 30 take at least 0.3 s however fast the machine.
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(last).toBeDefined();
    expect(backend().hub.holdings()).toMatchObject({ subscriptions: changes, queued: 0 });
  } finally {
    await client.close();
  }
});

test("frames past a connection's byte budget wait, unparsed and in order, and then all take effect", async () => {
  const client = await rawClient(frameBudget().url);
  try {
    const started = performance.now();
    for (let i = 1; i <= 5; i++) client.modify([add(i, { name: `bytes-${i}`.padEnd(200 * 1024, "x") })]);
    await client.next((f) => f.type === "Transition" && (f.endVersion as { querySet: number }).querySet === 5);
    // The first 200 KiB frame goes at once (one message larger than the 100 KiB
    // burst may pass when the budget is full); the other 800 KiB at 1 MiB a
    // second take at least 0.78 s however fast the machine (0.79 s was seen).
    expect(performance.now() - started).toBeGreaterThanOrEqual(750);
    expect(frameBudget().hub.holdings()).toMatchObject({ subscriptions: 5, queued: 0 });
  } finally {
    await client.close();
  }
});

test("a rate budget refills at its rate, lets a burst through, and lets one message larger than the burst go once full", () => {
  let now = 0;
  const budget = new RateBudget(1000, 2000, () => now);
  expect(budget.take(2000)).toBe(0);
  expect(budget.take(1)).toBeGreaterThan(0);
  now += 500;
  expect(budget.take(500)).toBe(0);
  expect(budget.take(500)).toBe(500);
  now += 2000;
  expect(budget.take(5000)).toBe(0);
  expect(budget.take(1)).toBeGreaterThan(3000);
});

describe("request bodies", () => {
  const budget = new BodyBudget(1024 * 1024, 300);
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      void readBody(req, res, budget, 2 * 1024 * 1024).then((body) => body && res.end(`got ${body.length}`));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Starts a POST declaring `declared` bytes, sends `sent` of them, and resolves with the status line once answered. */
  function upload(declared: number, sent: number): { answer: Promise<string>; socket: net.Socket } {
    const socket = net.connect(port, "127.0.0.1");
    socket.write(`POST /api/mutation HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${declared}\r\n\r\n`);
    socket.write(Buffer.alloc(sent, 120));
    const answer = new Promise<string>((resolve) => {
      let text = "";
      socket.on("data", (data) => (text += data.toString()));
      socket.on("close", () => resolve(text.split("\r\n")[0] ?? ""));
      socket.on("error", () => undefined);
    });
    return { answer, socket };
  }

  test("bodies in flight share one budget: past it a new one is refused at once, a stalled one is cut off, and the bytes are let go", async () => {
    const stalled = upload(900 * 1024, 700 * 1024);
    await waitFor(() => budget.bytesInFlight >= 700 * 1024);
    const second = upload(600 * 1024, 600 * 1024);
    expect(await second.answer).toContain("503");
    expect(budget.bytesInFlight).toBeLessThanOrEqual(1024 * 1024);
    expect(await stalled.answer).toContain("408");
    expect(budget.bytesInFlight).toBe(0);
    const whole = upload(1000, 1000);
    whole.socket.end();
    expect(await whole.answer).toContain("200");
  });

  test("a body declared larger than the limit is refused before it is read", async () => {
    const tooBig = upload(3 * 1024 * 1024, 10);
    expect(await tooBig.answer).toContain("413");
    expect(budget.bytesInFlight).toBe(0);
  });
});
