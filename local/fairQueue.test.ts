import { setImmediate as immediate } from "node:timers/promises";
import { expect, test } from "vitest";
import { FairQueue } from "./fairQueue.ts";

/** Runs `count` one-step transactions on `lane`, recording each turn. */
function run(queue: FairQueue, lane: object, name: string, count: number, turns: string[]) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await queue.acquire(lane);
      turns.push(`${name}${i}`);
      queue.release();
    }),
  );
}

test("lanes take turns: a lane's backlog delays another lane by at most one transaction", async () => {
  const queue = new FairQueue();
  const turns: string[] = [];
  const background = {};
  const client = {};
  const flood = run(queue, background, "job", 5, turns);
  const one = run(queue, client, "client", 2, turns);
  await Promise.all([flood, one]);
  // job0 starts at once and job1 was waiting before the client came; from
  // then on the lanes alternate.
  expect(turns).toEqual(["job0", "job1", "client0", "job2", "client1", "job3", "job4"]);
});

test("between any two transactions the event loop runs other work", async () => {
  const queue = new FairQueue();
  const turns: string[] = [];
  const lane = {};
  const flood = run(queue, lane, "t", 50, turns);
  // Other I/O gets a turn long before the 50 are done.
  await immediate();
  turns.push("io");
  await flood;
  expect(turns.indexOf("io")).toBeLessThan(5);
});

test("a new lane arriving while the queue is idle starts at once", async () => {
  const queue = new FairQueue();
  await queue.acquire({});
  queue.release();
  await immediate();
  let started = false;
  const turn = queue.acquire({}).then(() => (started = true));
  await Promise.resolve();
  await turn;
  expect(started).toBe(true);
  expect(queue.waiting).toBe(0);
});
