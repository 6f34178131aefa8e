import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { startLocalBackend, type LocalBackend } from "./backend.ts";
import { isFunctionSource } from "./reload.ts";
import { copyConvexDir, FIXTURE_CONVEX_DIR, makeTempDir, waitFor } from "./testing.ts";

let backend: LocalBackend;
let temp: ReturnType<typeof makeTempDir>;
let convexDir: string;

beforeAll(async () => {
  temp = makeTempDir();
  convexDir = copyConvexDir(FIXTURE_CONVEX_DIR, temp.dir);
  backend = await startLocalBackend({ port: 0, dataDir: path.join(temp.dir, "data"), convexDir, quiet: true, watch: true });
});

afterAll(async () => {
  await backend.close();
  temp.remove();
});

// The copy is edited at runtime, so it is called through untyped references.
const messages = anyApi.messages!;

test("an edited function file is loaded without losing data", { timeout: 20_000 }, async () => {
  const http = new ConvexHttpClient(backend.url);
  const id = (await http.mutation(messages.send!, { body: "before reload", author: "r" })) as string;
  const [before] = ((await http.query(messages.list!, {})) as Array<{ _id: string; _creationTime: number }>).filter((m) => m._id === id);
  await expect(http.query(messages.shout!, {})).rejects.toThrow(/Could not find public function/);

  const file = path.join(convexDir, "messages.ts");
  writeFileSync(
    file,
    readFileSync(file, "utf8") +
      `\nexport const shout = query({ args: {}, returns: v.array(v.string()), handler: async (ctx) => (await ctx.db.query("messages").take(LIST_LIMIT)).map((m) => m.body.toUpperCase()) });\n`,
  );

  const shouted = await waitFor(async () => (await http.query(messages.shout!, {})) as string[], { timeoutMs: 10_000 });
  expect(shouted).toContain("BEFORE RELOAD");
  const after = ((await http.query(messages.list!, {})) as Array<{ _id: string }>).find((m) => m._id === id);
  expect(after).toEqual(before);
  // New writes continue the id sequence instead of reusing ids.
  const next = (await http.mutation(messages.send!, { body: "after reload", author: "r" })) as string;
  expect(next).not.toBe(id);
});

test("a file with a syntax error keeps the previous functions running", { timeout: 20_000 }, async () => {
  const http = new ConvexHttpClient(backend.url);
  const file = path.join(convexDir, "ticks.ts");
  const original = readFileSync(file, "utf8");
  writeFileSync(file, original + "\nexport const broken = ;\n");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await http.query(messages.list!, {})).toBeInstanceOf(Array);
  writeFileSync(file, original);
});

test("only function sources trigger a reload", () => {
  expect(isFunctionSource("messages.ts")).toBe(true);
  expect(isFunctionSource("dir/file.tsx")).toBe(true);
  expect(isFunctionSource("messages.test.ts")).toBe(false);
  expect(isFunctionSource(".messages.ts.swp")).toBe(false);
  expect(isFunctionSource("notes.md")).toBe(false);
});

describe("calls running across a reload", () => {
  const started: Array<{ backend: LocalBackend; temp: ReturnType<typeof makeTempDir> }> = [];
  afterEach(async () => {
    for (const { backend: b, temp: t } of started.splice(0)) {
      await b.close();
      t.remove();
    }
  });

  async function start(reloadDrainTimeoutMs: number, temp = makeTempDir()) {
    const b = await startLocalBackend({
      port: 0,
      dataDir: temp.dir,
      convexDir: FIXTURE_CONVEX_DIR,
      quiet: true,
      watch: false,
      reloadDrainTimeoutMs,
    });
    started.push({ backend: b, temp });
    return { backend: b, temp, http: new ConvexHttpClient(b.url) };
  }

  const settle = <T>(promise: Promise<T>) =>
    promise.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error: String(error) }),
    );
  /** The call just sent is running (a fixed wait could end before a loaded machine delivers the request). */
  const startedRunning = (b: LocalBackend) => waitFor(() => b.executor.callsRunning() > 0, { timeoutMs: 10_000, intervalMs: 5 });
  type Row = { _id: string; _creationTime: number; body: string };
  const rows = async (http: ConvexHttpClient) => (await http.query(messages.list!, {})) as Row[];

  test("an action outlasting the wait gets an error, its late write is not kept, and no id or time is reused", { timeout: 20_000 }, async () => {
    const { backend: b, temp, http } = await start(100);
    const slow = settle(http.action(messages.slowSend!, { body: "late", waitMs: 3000 }) as Promise<string>);
    await startedRunning(b);
    expect(await b.reload()).toBe(true);
    const afterReload = (await http.mutation(messages.send!, { body: "after reload", author: "r" })) as string;

    const result = await slow;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/still running when the Convex functions were reloaded/);
    const next = (await http.mutation(messages.send!, { body: "next", author: "r" })) as string;
    const before = await rows(http);
    expect(before.map((m) => m.body)).toEqual(["after reload", "next"]);
    expect(next).not.toBe(afterReload);

    // Everything acknowledged is on disk; nothing unacknowledged is.
    await b.close();
    started.splice(0);
    const again = await start(100, temp);
    const after = await rows(again.http);
    expect(after).toEqual(before);
    const third = (await again.http.mutation(messages.send!, { body: "third", author: "r" })) as string;
    const all = await rows(again.http);
    expect(new Set(all.map((m) => m._id)).size).toBe(3);
    expect(new Set(all.map((m) => m._creationTime)).size).toBe(3);
    expect([afterReload, next]).not.toContain(third);
  });

  test("an action outlasting the wait cannot read the replaced data either", { timeout: 20_000 }, async () => {
    const { backend: b, http } = await start(100);
    const slow = settle(http.action(messages.slowCount!, { waitMs: 3000 }));
    await startedRunning(b);
    expect(await b.reload()).toBe(true);
    const result = await slow;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/still running when the Convex functions were reloaded/);
  });

  test("an HTTP action outlasting the wait is a 500", { timeout: 20_000 }, async () => {
    const { backend: b } = await start(100);
    const slow = fetch(`${b.siteUrl}/slow`);
    await startedRunning(b);
    expect(await b.reload()).toBe(true);
    const response = await slow;
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/still running when the Convex functions were reloaded/);
  });

  test("a scheduled action running at the reload finishes first, and its write is kept", { timeout: 20_000 }, async () => {
    const { backend: b, temp, http } = await start(5000);
    await http.mutation(messages.sendSlowlyLater!, { body: "scheduled slow", waitMs: 400 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await b.reload()).toBe(true);
    expect((await rows(http)).map((m) => m.body)).toEqual(["scheduled slow"]);
    await b.close();
    started.splice(0);
    const again = await start(100, temp);
    expect((await rows(again.http)).map((m) => m.body)).toEqual(["scheduled slow"]);
  });

  test("an action that ends within the wait finishes on the old code, and its write is kept", { timeout: 20_000 }, async () => {
    const { backend: b, temp, http } = await start(5000);
    const slow = http.action(messages.slowSend!, { body: "in time", waitMs: 300 }) as Promise<string>;
    await startedRunning(b);
    expect(await b.reload()).toBe(true);
    const id = await slow;
    const after = (await http.mutation(messages.send!, { body: "after", author: "r" })) as string;
    expect(after).not.toBe(id);
    await b.close();
    started.splice(0);
    const again = await start(100, temp);
    expect((await rows(again.http)).map((m) => [m._id, m.body])).toEqual([
      [id, "in time"],
      [after, "after"],
    ]);
  });
});
