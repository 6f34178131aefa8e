import { ConvexHttpClient } from "convex/browser";
import { afterEach, expect, test } from "vitest";
import { startLocalBackend, type LocalBackend } from "./backend.ts";
import { FIXTURE_CONVEX_DIR, makeTempDir, waitFor } from "./testing.ts";
import { api } from "./test-fixtures/convex/_generated/api";

const started: LocalBackend[] = [];
const temps: Array<ReturnType<typeof makeTempDir>> = [];
afterEach(async () => {
  for (const b of started.splice(0)) await b.close();
  for (const t of temps.splice(0)) t.remove();
});

async function start(dataDir: string) {
  const backend = await startLocalBackend({ port: 0, dataDir, convexDir: FIXTURE_CONVEX_DIR, quiet: true, watch: false });
  started.push(backend);
  return { backend, http: new ConvexHttpClient(backend.url) };
}

const bodies = async (http: ConvexHttpClient) => (await http.query(api.messages.list, {})).map((m) => m.body);

test("a scheduled function still waiting when the backend stops runs after the restart", { timeout: 60_000 }, async () => {
  const temp = makeTempDir();
  temps.push(temp);
  const first = await start(temp.dir);
  // Long enough to outlast a stop and a start on a loaded machine (800 ms did not).
  await first.http.mutation(api.messages.sendLater, { body: "after restart", delayMs: 3_000 });
  await first.backend.close();
  started.splice(0);

  const second = await start(temp.dir);
  expect(await bodies(second.http)).not.toContain("after restart");
  await waitFor(async () => (await bodies(second.http)).includes("after restart"), { timeoutMs: 20_000 });
});

test("a reload moves waiting scheduled functions to the new code, and they run once", { timeout: 15_000 }, async () => {
  const temp = makeTempDir();
  temps.push(temp);
  const { backend, http } = await start(temp.dir);
  await http.mutation(api.messages.sendLater, { body: "across reload", delayMs: 500 });
  expect(await backend.reload()).toBe(true);
  await waitFor(async () => (await bodies(http)).includes("across reload"), { timeoutMs: 5000 });
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect((await bodies(http)).filter((b) => b === "across reload")).toHaveLength(1);
});
