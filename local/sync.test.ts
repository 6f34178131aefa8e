import { ConvexHttpClient } from "convex/browser";
import { expect, test } from "vitest";
import WebSocket from "ws";
import { decodeTs } from "./protocol.ts";
import { FIXTURE_CONVEX_DIR } from "./testing.ts";
import { api } from "./test-fixtures/convex/_generated/api";
import { suiteBackend } from "./suiteBackend.ts";

const backend = suiteBackend({ convexDir: FIXTURE_CONVEX_DIR });

type Frame = { type: string; [key: string]: unknown };

/** A raw protocol client, to replay exactly what ConvexClient sends on reconnect. */
async function rawSocket(sessionId: string, connectionCount: number) {
  const ws = new WebSocket(`${backend().url.replace("http", "ws")}/api/1.48.0/sync`);
  const frames: Frame[] = [];
  const waiters: Array<() => void> = [];
  ws.on("message", (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise((resolve) => ws.once("open", resolve));
  ws.send(JSON.stringify({ type: "Connect", sessionId, connectionCount, lastCloseReason: null, clientTs: Date.now() }));
  ws.send(JSON.stringify({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] }));
  /** The first frame of `type` that `matches`; earlier frames of that type that don't match are dropped. */
  const next = async (type: string, matches: (frame: Frame) => boolean = () => true): Promise<Frame> => {
    for (;;) {
      const index = frames.findIndex((f) => f.type === type);
      if (index === -1) {
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      const frame = frames.splice(index, 1)[0]!;
      if (matches(frame)) return frame;
    }
  };
  /**
   * The Transition that answers query set `version`. A refresh Transition
   * (another client's write) may arrive before it, so "the next Transition"
   * is not the answer.
   */
  const transitionTo = (version: number) =>
    next("Transition", (f) => ((f.endVersion as { querySet?: number } | undefined)?.querySet ?? -1) >= version);
  await transitionTo(1);
  return { ws, next, transitionTo };
}

const mutation = (requestId: number, body: string) =>
  JSON.stringify({ type: "Mutation", requestId, udfPath: "messages:send", args: [{ body, author: "dedup" }] });

test("a mutation resent after a reconnect is applied once and answered the same way", async () => {
  const session = "00000000-0000-4000-8000-000000000001";
  const first = await rawSocket(session, 0);
  first.ws.send(mutation(7, "only once"));
  const answer = await first.next("MutationResponse");
  expect(answer).toMatchObject({ requestId: 7, success: true });
  // The client resolves its promise only on a Transition at or past the response's ts.
  // (A Transition sent before the mutation ran may still be queued: wait for one at or past it.)
  const transition = await first.next("Transition", (f) => decodeTs((f.endVersion as { ts: string }).ts) >= decodeTs(answer.ts as string));
  expect(decodeTs((transition.endVersion as { ts: string }).ts) >= decodeTs(answer.ts as string)).toBe(true);
  first.ws.terminate();

  const second = await rawSocket(session, 1);
  second.ws.send(mutation(7, "only once"));
  expect(await second.next("MutationResponse")).toEqual(answer);
  await second.next("Transition");
  second.ws.close();

  const bodies = (await new ConvexHttpClient(backend().url).query(api.messages.list, {})).map((m) => m.body);
  expect(bodies.filter((b) => b === "only once")).toHaveLength(1);
});

test("the same requestId from another session is a different mutation", async () => {
  const a = await rawSocket("00000000-0000-4000-8000-00000000000a", 0);
  const b = await rawSocket("00000000-0000-4000-8000-00000000000b", 0);
  a.ws.send(mutation(1, "twice"));
  b.ws.send(mutation(1, "twice"));
  const [ra, rb] = await Promise.all([a.next("MutationResponse"), b.next("MutationResponse")]);
  expect(ra.result).not.toEqual(rb.result);
  a.ws.close();
  b.ws.close();
});

test("Authenticate with the admin key opens internal queries on the socket; a wrong key is an AuthError", async () => {
  const admin = await rawSocket("00000000-0000-4000-8000-0000000000ad", 0);
  admin.ws.send(JSON.stringify({ type: "Authenticate", tokenType: "Admin", value: backend().adminKey, baseVersion: 0 }));
  // The answer to Authenticate: identity 1, the query set still at 1.
  await admin.next("Transition", (f) => ((f.endVersion as { identity?: number }).identity ?? 0) >= 1);
  admin.ws.send(
    JSON.stringify({ type: "ModifyQuerySet", baseVersion: 1, newVersion: 2, modifications: [{ type: "Add", queryId: 0, udfPath: "messages:count", args: [{}] }] }),
  );
  const update = await admin.transitionTo(2);
  expect(update.endVersion).toMatchObject({ querySet: 2, identity: 1 });
  expect(update.modifications).toEqual([expect.objectContaining({ type: "QueryUpdated", queryId: 0 })]);
  admin.ws.close();

  const anonymous = await rawSocket("00000000-0000-4000-8000-0000000000ae", 0);
  anonymous.ws.send(
    JSON.stringify({ type: "ModifyQuerySet", baseVersion: 1, newVersion: 2, modifications: [{ type: "Add", queryId: 0, udfPath: "messages:count", args: [{}] }] }),
  );
  expect((await anonymous.transitionTo(2)).modifications).toEqual([
    expect.objectContaining({ type: "QueryFailed", errorMessage: expect.stringMatching(/Could not find public function/) }),
  ]);
  anonymous.ws.send(JSON.stringify({ type: "Authenticate", tokenType: "Admin", value: "wrong", baseVersion: 0 }));
  expect(await anonymous.next("AuthError")).toMatchObject({ baseVersion: 0 });
  anonymous.ws.close();
});
