import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, beforeAll, expect, test } from "vitest";
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
