// Which subscriptions a commit re-runs (by index interval, as Convex's read
// sets do) and which clients hear of it (only those whose queries changed).
import { expect, test, vi } from "vitest";
import { adminHttpClient } from "./adminClient.ts";
import { rawClient, updatesOf, type Frame } from "./rawClient.ts";
import { suiteBackend } from "./suiteBackend.ts";
import { STATUS_PATH } from "./server.ts";
import { FIXTURE_CONVEX_DIR } from "./testing.ts";
import { internal } from "./test-fixtures/convex/_generated/api";

const backend = suiteBackend({ convexDir: FIXTURE_CONVEX_DIR });

const add = (queryId: number, udfPath: string, args: unknown) => ({ type: "Add", queryId, udfPath, args: [args] });
const isTransition = (frame: Frame) => frame.type === "Transition";
const updates = (queryId: number) => (frame: Frame) => isTransition(frame) && updatesOf(frame).some((m) => m.queryId === queryId);

test("a write to one index range does not re-run a query of another range, and the other client hears nothing", async () => {
  const admin = adminHttpClient(backend().url, backend().adminKey);
  const calls = vi.spyOn(backend().executor, "call");
  const runsOf = (name: string) => calls.mock.calls.filter(([, udfPath, args]) => udfPath === "ticks:get" && (args as { name: string }).name === name).length;
  const watcher = await rawClient(backend().url);
  try {
    watcher.modify([add(1, "ticks:get", { name: "range-a" })]);
    await watcher.next(updates(1));
    const runsA = runsOf("range-a");

    for (let i = 0; i < 5; i++) await admin.mutation(internal.ticks.bump, { name: "range-b" });
    await admin.mutation(internal.ticks.bump, { name: "range-a" });
    const update = await watcher.next(updates(1));
    expect(updatesOf(update)[0]).toMatchObject({ type: "QueryUpdated", value: 1 });
    // The five writes to range-b neither re-ran the query nor sent a message in between.
    expect(runsOf("range-a")).toBe(runsA + 1);
    expect(watcher.frames.filter(isTransition)).toEqual([]);
  } finally {
    calls.mockRestore();
    await watcher.close();
  }
});

test("a query that refused its caller before reading anything is not re-run by writes, and its socket hears nothing", async () => {
  const admin = adminHttpClient(backend().url, backend().adminKey);
  const calls = vi.spyOn(backend().executor, "call");
  const guardedRuns = () => calls.mock.calls.filter(([, udfPath]) => udfPath === "ticks:guarded").length;
  const keyless = await rawClient(backend().url);
  const owner = await rawClient(backend().url);
  try {
    keyless.modify([add(1, "ticks:guarded", { name: "private" })]);
    const refused = updatesOf(await keyless.next(updates(1)))[0]!;
    expect(refused).toMatchObject({ type: "QueryFailed", errorData: { code: "PRIVATE" } });
    owner.modify([add(1, "ticks:guarded", { name: "private", key: "fixture-key" })]);
    await owner.next(updates(1));
    const runs = guardedRuns();

    for (let i = 1; i <= 5; i++) {
      await admin.mutation(internal.ticks.bump, { name: "private" });
      // The key holder sees every write; by then the keyless socket would have been told too.
      const seen = await owner.next(updates(1));
      expect(updatesOf(seen)[0]).toMatchObject({ value: i });
    }
    expect(guardedRuns()).toBe(runs + 5);
    expect(keyless.frames).toEqual([]);
  } finally {
    calls.mockRestore();
    await keyless.close();
    await owner.close();
  }
});

test("a client's own mutation is still followed by a Transition at or past its timestamp, even when none of its queries changed", async () => {
  const client = await rawClient(backend().url);
  try {
    client.modify([add(1, "ticks:get", { name: "own-mutation" })]);
    await client.next(updates(1));
    client.ws.send(JSON.stringify({ type: "Mutation", requestId: 1, udfPath: "messages:send", args: [{ body: "hello", author: "own" }] }));
    const response = await client.next((f) => f.type === "MutationResponse");
    expect(response).toMatchObject({ success: true });
    const transition = await client.next(isTransition);
    expect(updatesOf(transition)).toEqual([]);
  } finally {
    await client.close();
  }
});

test("/_local/status counts query runs: a write re-runs only the query whose range it wrote", async () => {
  const admin = adminHttpClient(backend().url, backend().adminKey);
  const runs = async () => ((await (await fetch(`${backend().url}${STATUS_PATH}`)).json()) as { queryRuns: number }).queryRuns;
  const watcher = await rawClient(backend().url);
  try {
    watcher.modify([add(1, "ticks:get", { name: "counted-a" }), add(2, "ticks:get", { name: "counted-b" })]);
    await watcher.next((frame) => isTransition(frame) && updatesOf(frame).length === 2);
    const before = await runs();
    await admin.mutation(internal.ticks.bump, { name: "counted-a" });
    await watcher.next(updates(1));
    expect((await runs()) - before).toBe(1);
  } finally {
    await watcher.close();
  }
});
