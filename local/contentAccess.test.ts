// The project's own functions behind the real client protocols: a visitor
// without the deployment's admin key cannot create, change or delete content.
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
