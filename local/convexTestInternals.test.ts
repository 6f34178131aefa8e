// Guards the one place that uses convex-test's private state: if an upgrade
// changes it, this fails with a message naming the versions involved.
import { convexTest } from "convex-test";
import { makeFunctionReference } from "convex/server";
import { describe, expect, test } from "vitest";
import {
  attachInternals,
  installedConvexTestVersion,
  PINNED_CONVEX_TEST_VERSION,
  type CommitEvent,
} from "./convexTestInternals.ts";
import { loadModules } from "./modules.ts";
import { FIXTURE_CONVEX_DIR } from "./testing.ts";

const send = makeFunctionReference<"mutation", { body: string; author: string }, string>("messages:send");

async function instance() {
  const modules = await loadModules(FIXTURE_CONVEX_DIR);
  const t = convexTest({ schema: modules.schema, modules: modules.convexTestModules });
  return { t, internals: attachInternals(t), release: modules.release };
}

describe(`convex-test private state (written for ${PINNED_CONVEX_TEST_VERSION})`, () => {
  test("the installed convex-test is exactly the pinned version", () => {
    expect(
      installedConvexTestVersion(),
      `local/convexTestInternals.ts reads private state of convex-test ${PINNED_CONVEX_TEST_VERSION}; ` +
        `check it against the installed version before changing the pin`,
    ).toBe(PINNED_CONVEX_TEST_VERSION);
  });

  test("commits are observed with their writes, ids and counters", async () => {
    const { t, internals, release } = await instance();
    const events: CommitEvent[] = [];
    internals.hookCommits({ persist: (e) => events.push(e), onPersistFailure: () => undefined });
    const id = await t.mutation(send, { body: "x", author: "y" });
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.ts).toBe(internals.lastCommitTs());
    expect(event!.writes).toEqual([[id, expect.objectContaining({ _id: id, body: "x" })]]);
    expect(event!.nextDocId).toBeGreaterThan(0);
    await release();
  });

  test("a state exported from one instance keeps ids and creation times in another", async () => {
    const a = await instance();
    const id = await a.t.mutation(send, { body: "kept", author: "y" });
    const snapshot = a.internals.exportState();
    const b = await instance();
    b.internals.importState(snapshot);
    const doc = await b.t.run(async (ctx) => await ctx.db.get(id as never));
    expect(doc).toEqual(snapshot.documents.get(id));
    const next = await b.t.mutation(send, { body: "next", author: "y" });
    expect(next).not.toBe(id);
    const nextDoc = await b.t.run(async (ctx) => await ctx.db.get(next as never));
    expect((nextDoc as { _creationTime: number })._creationTime).toBeGreaterThan(snapshot.lastCreationTime);
    expect(b.internals.lastCommitTs()).toBeGreaterThan(snapshot.lastCommitTs);
    await a.release();
    await b.release();
  });

  test("a refused commit is rolled back, reaches the caller, and frees the transaction lock", async () => {
    const { t, internals, release } = await instance();
    let refuse = true;
    const persisted: CommitEvent[] = [];
    internals.hookCommits({
      admitCommit: (writes) => {
        if (refuse && writes > 0) throw new Error("refused commit");
      },
      persist: (e) => persisted.push(e),
      onPersistFailure: () => undefined,
    });
    const tsBefore = internals.lastCommitTs();
    await expect(t.mutation(send, { body: "refused", author: "y" })).rejects.toThrow("refused commit");
    expect(internals.exportState().documents.size).toBe(0);
    expect(internals.lastCommitTs()).toBe(tsBefore);
    expect(persisted).toHaveLength(0);
    refuse = false;
    const id = await t.mutation(send, { body: "kept", author: "y" });
    expect([...internals.exportState().documents.keys()]).toEqual([id]);
    await release();
  });

  test("a refused transaction start reaches the caller, before and after waiting for the lock", async () => {
    const { t, internals, release } = await instance();
    let refuse = false;
    internals.hookCommits({
      admitTransaction: () => {
        if (refuse) throw new Error("refused start");
      },
      persist: () => undefined,
      onPersistFailure: () => undefined,
    });
    // One transaction holds the lock while another waits for it; the start
    // is refused once the waiting one gets the lock.
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    const holder = t.run(async () => {
      await blocked;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const waiting = t.mutation(send, { body: "waiting", author: "y" });
    refuse = true;
    unblock();
    await holder;
    await expect(waiting).rejects.toThrow("refused start");
    await expect(t.query(makeFunctionReference<"query">("messages:list"), {})).rejects.toThrow("refused start");
    refuse = false;
    // The lock is free again.
    expect(await t.query(makeFunctionReference<"query", Record<string, never>, unknown[]>("messages:list"), {})).toEqual([]);
    await release();
  });

  test("a failing persist undoes the in-memory commit", async () => {
    const { t, internals, release } = await instance();
    const failures: unknown[] = [];
    internals.hookCommits({
      persist: () => {
        throw new Error("disk full");
      },
      onPersistFailure: (error) => failures.push(error),
    });
    const tsBefore = internals.lastCommitTs();
    await t.mutation(send, { body: "lost", author: "y" });
    expect(failures).toHaveLength(1);
    expect(internals.exportState().documents.size).toBe(0);
    expect(internals.lastCommitTs()).toBe(tsBefore);
    await release();
  });
});
