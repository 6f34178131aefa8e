// One client's flood must not hold up the others, and what one connection
// may send and hold is bounded.
import { readFileSync } from "node:fs";
import { ConvexHttpClient } from "convex/browser";
import { describe, expect, test } from "vitest";
import WebSocket from "ws";
import { MAX_ARGS_BYTES, MAX_FRAME_BYTES, MAX_REQUESTS_IN_FLIGHT, MAX_SUBSCRIPTIONS } from "./limits.ts";
import { FIXTURE_CONVEX_DIR } from "./testing.ts";
import { api } from "./test-fixtures/convex/_generated/api";
import { suiteBackend } from "./suiteBackend.ts";

const backend = suiteBackend({ convexDir: FIXTURE_CONVEX_DIR });

type Frame = { type: string; [key: string]: unknown };

async function openSocket(sessionId: string = crypto.randomUUID()) {
  const ws = new WebSocket(`${backend().url.replace("http", "ws")}/api/1.48.0/sync`);
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  ws.on("message", (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise((resolve) => ws.once("open", resolve));
  ws.send(JSON.stringify({ type: "Connect", sessionId, connectionCount: 0, lastCloseReason: null, clientTs: Date.now() }));
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  const responses = (type = "MutationResponse") => frames.filter((f) => f.type === type);
  return { ws, frames, until, responses, closed };
}

const mutation = (requestId: number, body: string) =>
  JSON.stringify({ type: "Mutation", requestId, udfPath: "messages:send", args: [{ body, author: "flood" }] });

describe("one connection's backlog", () => {
  test("a second client's call and /_local/status are answered while the first has 1,000 mutations queued", async () => {
    const flood = await openSocket();
    const count = 1000;
    for (let i = 0; i < count; i++) flood.ws.send(mutation(i, `flood ${i}`));
    await flood.until(() => flood.responses().length > 0);

    const http = new ConvexHttpClient(backend().url);
    await http.query(api.messages.list, {});
    const answeredByThen = flood.responses().length;
    const status = await fetch(`${backend().url}/_local/status`);
    expect(status.status).toBe(200);
    const answeredAfterStatus = flood.responses().length;

    // Each waited for a few of the flood's transactions, not for all of them.
    expect(answeredByThen).toBeLessThan(count / 2);
    expect(answeredAfterStatus).toBeLessThan(count / 2);
    await flood.until(() => flood.responses().length === count);
    expect(flood.responses().every((r) => r.success === true)).toBe(true);
    flood.ws.close();
  }, 120_000);
});

describe("per-connection caps", () => {
  test("past the cap on requests in flight a mutation fails with a clear error, and the connection stays usable", async () => {
    const client = await openSocket();
    // Frames arrive over several reads, and the first mutations may be done
    // before the last frames are read: at least some of the extra are refused.
    const extra = 100;
    for (let i = 0; i < MAX_REQUESTS_IN_FLIGHT + extra; i++) client.ws.send(mutation(i, `capped ${i}`));
    await client.until(() => client.responses().length === MAX_REQUESTS_IN_FLIGHT + extra);
    const refused = client.responses().filter((r) => r.success === false);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(String(r.result)).toContain(`${MAX_REQUESTS_IN_FLIGHT} mutations and actions waiting`);

    client.ws.send(mutation(5000, "after the flood"));
    await client.until(() => client.responses().some((r) => r.requestId === 5000));
    expect(client.responses().find((r) => r.requestId === 5000)!.success).toBe(true);
    client.ws.close();
  }, 120_000);

  test("past the cap on subscriptions a query fails with a clear error, and others can be added after a removal", async () => {
    const client = await openSocket();
    const adds = Array.from({ length: MAX_SUBSCRIPTIONS + 1 }, (_, queryId) => ({
      type: "Add",
      queryId,
      udfPath: "ticks:get",
      args: [{ name: `n${queryId}` }],
    }));
    client.ws.send(JSON.stringify({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: adds }));
    const atQuerySet = (n: number) =>
      client.responses("Transition").find((f) => (f.endVersion as { querySet: number }).querySet === n);
    await client.until(() => atQuerySet(1) !== undefined);
    const mods = atQuerySet(1)!.modifications as Frame[];
    expect(mods.filter((m) => m.type === "QueryUpdated")).toHaveLength(MAX_SUBSCRIPTIONS);
    const failed = mods.filter((m) => m.type === "QueryFailed");
    expect(failed).toHaveLength(1);
    expect(String(failed[0]!.errorMessage)).toContain(`${MAX_SUBSCRIPTIONS} query subscriptions`);

    const again = [
      { type: "Remove", queryId: 0 },
      { type: "Add", queryId: 5000, udfPath: "ticks:get", args: [{ name: "later" }] },
    ];
    client.ws.send(JSON.stringify({ type: "ModifyQuerySet", baseVersion: 1, newVersion: 2, modifications: again }));
    await client.until(() => atQuerySet(2) !== undefined);
    const later = atQuerySet(2)!.modifications as Frame[];
    expect(later).toContainEqual(expect.objectContaining({ type: "QueryUpdated", queryId: 5000, value: 0 }));
    client.ws.close();
  });
});

describe("sizes", () => {
  test("a frame over the limit closes the socket with 1009 instead of being read", async () => {
    const client = await openSocket();
    client.ws.send(mutation(1, "x".repeat(MAX_FRAME_BYTES + 1)));
    expect(await client.closed).toBe(1009);
  });

  test("arguments over 16 MiB are refused over HTTP before the function runs", async () => {
    const body = JSON.stringify({ path: "messages:send", format: "convex_encoded_json", args: [{ body: "x".repeat(MAX_ARGS_BYTES), author: "big" }] });
    const response = await fetch(`${backend().url}/api/mutation`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain("16 MiB");
  });

  test("an over-long Connect session id is refused, so it never reaches the log", async () => {
    const longId = "s".repeat(100_000);
    const client = await openSocket(longId);
    client.ws.send(mutation(1, "from a long session id"));
    await client.until(() => client.responses().length === 1);
    expect(client.responses()[0]!.success).toBe(false);
    expect(readFileSync(backend().dataFile, "utf8")).not.toContain(longId);
    client.ws.close();
  });
});
