// The project's own functions behind the real client protocols: a visitor
// without the deployment's admin key cannot create, change or delete content.
import type { Socket } from "node:net";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { expect, test } from "vitest";
import WebSocket from "ws";
import { api, internal } from "../convex/_generated/api";
import { makePost } from "../convex/content.fixtures.ts";
import type { SyncArgs } from "../convex/content.ts";
import { adminHttpClient } from "./adminClient.ts";
import { suiteBackend } from "./suiteBackend.ts";

const backend = suiteBackend();

// What a stranger would send: the internal function's name, typed as if it were public.
const sync = makeFunctionReference<"mutation", SyncArgs>("content:sync");
const overwrite: SyncArgs = { posts: [makePost("defaced", { title: "Owned" })], pages: [] };

test("content:sync over HTTP without the admin key is refused and writes nothing", async () => {
  const http = new ConvexHttpClient(backend().url);
  await expect(http.mutation(sync, overwrite)).rejects.toThrow(/Could not find public function for 'content:sync'/);
  expect(await http.query(api.posts.list, {})).toEqual([]);
});

test("content:sync over the WebSocket without the admin key is refused and writes nothing", async () => {
  const client = new ConvexClient(backend().url, { webSocketConstructor: WebSocket as never, unsavedChangesWarning: false, logger: false });
  try {
    await expect(client.mutation(sync, overwrite)).rejects.toThrow(/Could not find public function for 'content:sync'/);
    expect(await client.query(api.posts.getBySlug, { slug: "defaced" })).toBeNull();
  } finally {
    await client.close();
  }
});

test("with the admin key, as `npm run sync` calls it, the same write goes through", async () => {
  const admin = adminHttpClient(backend().url, backend().adminKey);
  const result = await admin.mutation(internal.content.sync, overwrite);
  expect(result.posts.created).toBe(1);
  expect(await new ConvexHttpClient(backend().url).query(api.posts.getBySlug, { slug: "defaced" })).toMatchObject({ title: "Owned" });
});

/** A raw sync socket, to send Authenticate messages in an order ConvexClient never would. */
async function rawSocket() {
  const ws = new WebSocket(`${backend().url.replace("http", "ws")}/api/1.48.0/sync`);
  const frames: Array<{ type: string; [key: string]: unknown }> = [];
  const waiters: Array<() => void> = [];
  ws.on("message", (data) => {
    frames.push(JSON.parse(data.toString()) as { type: string });
    waiters.splice(0).forEach((wake) => wake());
  });
  await new Promise((resolve) => ws.once("open", resolve));
  const send = (message: object) => ws.send(JSON.stringify(message));
  const next = async (type: string) => {
    for (;;) {
      const index = frames.findIndex((f) => f.type === type);
      if (index !== -1) return frames.splice(index, 1)[0]!;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  /** The Transition answering the Admin Authenticate (a refresh Transition may come before it). */
  const authenticated = async () => {
    for (;;) {
      const frame = await next("Transition");
      if (((frame.endVersion as { identity?: number } | undefined)?.identity ?? 0) >= 1) return frame;
    }
  };
  send({ type: "Connect", sessionId: crypto.randomUUID(), connectionCount: 0, lastCloseReason: null, clientTs: Date.now() });
  return { ws, send, next, authenticated };
}

test("after an Admin Authenticate, any later Authenticate (wrong key, User, None) ends the admin rights", async () => {
  const laterAuth = [
    { tokenType: "Admin", value: "0".repeat(64) },
    { tokenType: "User", value: "a.jwt.token" },
    { tokenType: "None" },
  ];
  for (const [i, later] of laterAuth.entries()) {
    const socket = await rawSocket();
    socket.send({ type: "Authenticate", tokenType: "Admin", value: backend().adminKey, baseVersion: 0 });
    await socket.authenticated();
    const posts = (slug: string): SyncArgs => ({ posts: [makePost(slug, { title: slug })], pages: [] });
    socket.send({ type: "Mutation", requestId: 1, udfPath: "content:sync", args: [posts(`admin-${i}`)] });
    expect(await socket.next("MutationResponse")).toMatchObject({ success: true });

    socket.send({ type: "Authenticate", baseVersion: 1, ...later });
    socket.send({ type: "Mutation", requestId: 2, udfPath: "content:sync", args: [posts(`after-${i}`)] });
    expect(await socket.next("MutationResponse"), later.tokenType).toMatchObject({
      success: false,
      result: expect.stringMatching(/Could not find public function for 'content:sync'/),
    });
    socket.ws.close();
    expect(await new ConvexHttpClient(backend().url).query(api.posts.getBySlug, { slug: `after-${i}` })).toBeNull();
  }
});

test("a mutation sent before a later Authenticate runs with the identity it was sent with", async () => {
  const socket = await rawSocket();
  socket.send({ type: "Authenticate", tokenType: "Admin", value: backend().adminKey, baseVersion: 0 });
  await socket.authenticated();
  const args: SyncArgs = { posts: [makePost("sent-as-admin", { title: "Sent as admin" })], pages: [] };
  // One TCP write: the backend reads both frames before the mutation's turn comes.
  const tcp = (socket.ws as unknown as { _socket: Socket })._socket;
  tcp.cork();
  socket.send({ type: "Mutation", requestId: 1, udfPath: "content:sync", args: [args] });
  socket.send({ type: "Authenticate", tokenType: "None", baseVersion: 1 });
  tcp.uncork();
  expect(await socket.next("MutationResponse")).toMatchObject({ success: true });
  socket.ws.close();
});
