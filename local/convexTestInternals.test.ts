// Guards the one place that uses convex-test's private state: if an upgrade
// changes it, this fails with a message naming the versions involved.
import { convexTest } from "convex-test";
import { makeFunctionReference } from "convex/server";
import { describe, expect, test, vi } from "vitest";
import {
  attachInternals,
  installedConvexTestVersion,
  type AttachOptions,
  PINNED_CONVEX_TEST_VERSION,
  recordReads,
  tableOfId,
  type CommitEvent,
} from "./convexTestInternals.ts";
import { loadModules } from "./modules.ts";
import { FIXTURE_CONVEX_DIR } from "./testing.ts";

const send = makeFunctionReference<"mutation", { body: string; author: string }, string>("messages:send");

async function instance(options: AttachOptions = {}) {
  const modules = await loadModules(FIXTURE_CONVEX_DIR);
  const t = convexTest({ schema: modules.schema, modules: modules.convexTestModules });
  return { t, internals: attachInternals(t, options), release: modules.release };
}

/** How many event-loop turns (setImmediate callbacks) the process got while `run` ran. */
async function turnsDuring(run: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let done = false;
  const tick = () => {
    if (done) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  await run();
  done = true;
  return turns;
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
    expect(b.internals.documentCount()).toBe(snapshot.documents.size);
    const next = await b.t.mutation(send, { body: "next", author: "y" });
    expect(b.internals.documentCount()).toBe(snapshot.documents.size + 1);
    expect(next).not.toBe(id);
    const nextDoc = await b.t.run(async (ctx) => await ctx.db.get(next as never));
    expect((nextDoc as { _creationTime: number })._creationTime).toBeGreaterThan(snapshot.lastCreationTime);
    expect(b.internals.lastCommitTs()).toBeGreaterThan(snapshot.lastCommitTs);
    await a.release();
    await b.release();
  });

  test("imported documents are sorted into every index before the first read", async () => {
    const a = await instance();
    for (let i = 0; i < 20; i++) await a.t.mutation(send, { body: `m${i}`, author: `a${i % 3}` });
    const b = await instance();
    b.internals.importState(a.internals.exportState());
    expect(b.internals.sortedIndexes().sorted).toEqual(
      expect.arrayContaining(["messages.by_author", "messages.by_creation_time", "ticks.by_name", "ticks.by_creation_time"]),
    );
    const byAuthor = await b.t.run(async (ctx) => await ctx.db.query("messages").withIndex("by_author", (q) => q.eq("author", "a1")).collect());
    expect(byAuthor.map((m) => m.body)).toEqual(["m1", "m4", "m7", "m10", "m13", "m16", "m19"]);
    expect(b.internals.sortedIndexes().sortedOnRead).toBe(0);
    // So does a log replay, which carries no sorted copies.
    const c = await instance();
    const { indexes: _carried, ...plain } = a.internals.exportState();
    c.internals.importState(plain);
    await c.t.run(async (ctx) => await ctx.db.query("messages").withIndex("by_author", (q) => q.eq("author", "a1")).collect());
    expect(c.internals.sortedIndexes().sortedOnRead).toBe(0);
    await a.release();
    await b.release();
    await c.release();
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

  test("reading one table never looks at the ids of another", async () => {
    const { t, release } = await instance();
    await t.run(async (ctx) => {
      for (let i = 0; i < 50; i++) await ctx.db.insert("messages", { body: `m${i}`, author: "scan" });
      await ctx.db.insert("ticks", { name: "scan", count: 7 });
    });
    // convex-test 0.0.60 finds an id's table with String.prototype.match on
    // the id: no such call may see a messages id while ticks are read.
    const match = vi.spyOn(String.prototype, "match");
    try {
      const count = await t.query(makeFunctionReference<"query", { name: string }, number>("ticks:get"), { name: "scan" });
      expect(count).toBe(7);
      const seen = match.mock.contexts.map((id) => String(id)).filter((id) => tableOfId(id) === "messages");
      expect(seen).toEqual([]);
    } finally {
      match.mockRestore();
    }
    await release();
  });

  test("a transaction reads its own pending writes, in order, and not its deletions", async () => {
    const { t, release } = await instance();
    const kept = await t.mutation(send, { body: "kept", author: "order" });
    const gone = await t.mutation(send, { body: "gone", author: "order" });
    const bodies = await t.run(async (ctx) => {
      await ctx.db.insert("messages", { body: "pending", author: "order" });
      await ctx.db.delete(gone as never);
      await ctx.db.patch(kept as never, { body: "patched" });
      return (await ctx.db.query("messages").collect()).map((m) => m.body);
    });
    expect(bodies).toEqual(["patched", "pending"]);
    const byAuthor = async () =>
      await t.run(async (ctx) => (await ctx.db.query("messages").withIndex("by_author", (q) => q.eq("author", "order")).collect()).map((m) => m.body));
    expect(await byAuthor()).toEqual(["patched", "pending"]);
    // Commits keep the sorted index in step: a patch moves a document out of the range.
    await t.run(async (ctx) => await ctx.db.patch(kept as never, { author: "elsewhere" }));
    expect(await byAuthor()).toEqual(["pending"]);
    const inTransaction = await t.run(async (ctx) => {
      await ctx.db.insert("messages", { body: "unseen yet", author: "order" });
      return (await ctx.db.query("messages").withIndex("by_author", (q) => q.eq("author", "order")).collect()).map((m) => m.body);
    });
    expect(inTransaction).toEqual(["pending", "unseen yet"]);
    await release();
  });

  test("a nested mutation's writes reach the outer one's index reads, and a failed one's do not", async () => {
    const { t, release } = await instance();
    const sendNested = makeFunctionReference<"mutation", { author: string }, string[]>("messages:sendNested");
    expect(await t.mutation(sendNested, { author: "nest" })).toEqual(["nested", "outer"]);
    const committed = await t.run(async (ctx) => (await ctx.db.query("messages").withIndex("by_author", (q) => q.eq("author", "nest")).collect()).map((m) => m.body));
    expect(committed).toEqual(["nested", "outer"]);
    await release();
  });

  test("the tables a query read are recorded, with the commit it saw", async () => {
    const { t, internals, release } = await instance();
    await t.mutation(send, { body: "x", author: "y" });
    const { value, reads } = await recordReads(() => t.query(makeFunctionReference<"query", Record<string, never>, unknown[]>("messages:list"), {}));
    expect(value).toHaveLength(1);
    expect([...reads.tables]).toEqual(["messages"]);
    expect(reads.snapshotTs).toBe(internals.lastCommitTs());
    await release();
  });

  test("every top-level transaction asks for its turn and gives it back once", async () => {
    const { t, internals, release } = await instance();
    const turns: string[] = [];
    internals.hookCommits({
      acquireTransaction: async () => void turns.push("acquire"),
      releaseTransaction: () => void turns.push("release"),
      persist: () => undefined,
      onPersistFailure: () => undefined,
    });
    await t.mutation(send, { body: "x", author: "y" });
    await t.query(makeFunctionReference<"query">("messages:list"), {});
    await expect(t.mutation(makeFunctionReference<"mutation">("messages:fail"), {})).rejects.toThrow("boom");
    // An action's mutation is a top-level transaction of its own.
    await t.action(makeFunctionReference<"action">("messages:countViaAction"), {});
    expect(turns).toEqual(Array.from({ length: 4 }, () => ["acquire", "release"]).flat());
    await release();
  });

  test("a long function call hands the event loop turns when asked to, and none otherwise", async () => {
    const writeMany = (t: Awaited<ReturnType<typeof instance>>["t"]) =>
      t.run(async (ctx) => {
        for (let i = 0; i < 50; i++) await ctx.db.insert("messages", { body: `m${i}`, author: "loop" });
      });
    const plain = await instance();
    expect(await turnsDuring(() => writeMany(plain.t))).toBe(0);
    await plain.release();
    // 0 ms: every database call yields first, so each of the 50 inserts gives the loop a turn.
    const yielding = await instance({ yieldAfterMs: 0 });
    expect(await turnsDuring(() => writeMany(yielding.t))).toBeGreaterThanOrEqual(50);
    expect(await yielding.t.run((ctx) => ctx.db.query("messages").collect())).toHaveLength(50);
    await yielding.release();
  });
});
