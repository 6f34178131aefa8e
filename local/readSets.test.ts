// A commit re-runs only the subscribed queries that read a table it wrote.
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { expect, test, vi } from "vitest";
import WebSocket from "ws";
import { adminHttpClient } from "./adminClient.ts";
import { FIXTURE_CONVEX_DIR, waitFor } from "./testing.ts";
import { api, internal } from "./test-fixtures/convex/_generated/api";
import { suiteBackend } from "./suiteBackend.ts";
import { refreshSpacing } from "./syncHub.ts";

const backend = suiteBackend({ convexDir: FIXTURE_CONVEX_DIR });
// Refreshes far apart, so the burst below fits between two of them however loaded the machine is.
const slowRefresh = suiteBackend({ convexDir: FIXTURE_CONVEX_DIR, refreshIntervalMs: 2_000 });

test("a query on one table is not run again after a commit to another table, and is after a commit to its own", async () => {
  const client = new ConvexClient(backend().url, { webSocketConstructor: WebSocket as never, unsavedChangesWarning: false });
  const admin = adminHttpClient(backend().url, backend().adminKey);
  const calls = vi.spyOn(backend().executor, "call");
  const runsOf = (udfPath: string) => calls.mock.calls.filter(([, path]) => path === udfPath).length;
  const messages: number[] = [];
  const ticks: number[] = [];
  const stopMessages = client.onUpdate(api.messages.list, {}, (list) => messages.push(list.length));
  const stopTicks = client.onUpdate(api.ticks.get, { name: "read-sets" }, (count) => ticks.push(count));
  try {
    await waitFor(() => messages.length > 0 && ticks.length > 0);
    const listRuns = runsOf("messages:list");

    // Writes only `ticks`: its query runs again (and the client sees it), messages:list does not.
    await admin.mutation(internal.ticks.bump, { name: "read-sets" });
    await waitFor(() => ticks.at(-1) === 1);
    await admin.mutation(internal.ticks.bump, { name: "read-sets" });
    await waitFor(() => ticks.at(-1) === 2);
    expect(runsOf("messages:list")).toBe(listRuns);

    // Writes `messages`: messages:list runs again.
    await client.mutation(api.messages.send, { body: "read sets", author: "test" });
    expect(runsOf("messages:list")).toBe(listRuns + 1);
    expect(messages.at(-1)).toBe(messages[0]! + 1);
  } finally {
    stopMessages();
    stopTicks();
    calls.mockRestore();
    await client.close();
  }
});

test("a burst of writes by others re-runs a watched query a few times, not once per write, and ends up current", async () => {
  const watcher = new ConvexClient(slowRefresh().url, { webSocketConstructor: WebSocket as never, unsavedChangesWarning: false });
  const writer = new ConvexHttpClient(slowRefresh().url);
  const calls = vi.spyOn(slowRefresh().executor, "call");
  const lengths: number[] = [];
  const stop = watcher.onUpdate(api.messages.list, {}, (list) => lengths.push(list.length));
  try {
    await waitFor(() => lengths.length > 0);
    const before = lengths.at(-1)!;
    const runsBefore = calls.mock.calls.filter(([, path]) => path === "messages:list").length;
    const writes = 30;
    await Promise.all(Array.from({ length: writes }, (_, i) => writer.mutation(api.messages.send, { body: `burst ${i}`, author: "burst" })));
    await waitFor(() => lengths.at(-1) === before + writes, { timeoutMs: 10_000 });
    const reruns = calls.mock.calls.filter(([, path]) => path === "messages:list").length - runsBefore;
    expect(reruns).toBeGreaterThan(0);
    expect(reruns).toBeLessThanOrEqual(3);
  } finally {
    stop();
    calls.mockRestore();
    await watcher.close();
  }
});

test("refreshes take about a twentieth of the time, a costly one lets the next start within half a second, and none takes over a third", () => {
  // 5 ms is getStats with one /stats tab open; 100-200 ms the whole dashboard after a burst of views.
  expect(refreshSpacing(5)).toBe(100);
  expect(refreshSpacing(100)).toBe(500);
  expect(refreshSpacing(200)).toBe(600);
  expect(refreshSpacing(1_000)).toBe(3_000);
});
