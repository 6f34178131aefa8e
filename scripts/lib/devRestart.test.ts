// keepRunning (devProcesses.ts): Vite stopping on its own is restarted, and
// the stack gives up only when it keeps stopping.
import type { ChildProcess } from "node:child_process";
import { expect, test } from "vitest";
import { keepRunning, type Child } from "./devProcesses.ts";

/** A stand-in child whose end the test decides. */
function fakeChildren() {
  const ends: Array<(code: number | null) => void> = [];
  const start = (): Child => {
    let end!: (code: number | null) => void;
    const exited = new Promise<number | null>((resolve) => (end = resolve));
    ends.push(end);
    return { name: "vite", process: {} as ChildProcess, exited };
  };
  return { start, ends };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function harness() {
  const { start, ends } = fakeChildren();
  let now = 0;
  let stopping = false;
  const gaveUp: Array<number | null> = [];
  const log: string[] = [];
  const site = keepRunning(start, {
    policy: { maxRestarts: 2, windowMs: 60_000 },
    isStopping: () => stopping,
    onGiveUp: (code) => gaveUp.push(code),
    now: () => now,
    log: (message) => log.push(message),
  });
  return {
    site,
    ends,
    gaveUp,
    log,
    advance: (ms: number) => (now += ms),
    stop: () => (stopping = true),
  };
}

test("a child that stops on its own is started again, and says so", async () => {
  const h = harness();
  expect(h.ends).toHaveLength(1);
  const first = h.site.current();
  h.ends[0]!(1);
  await settle();
  expect(h.ends).toHaveLength(2);
  expect(h.site.current()).not.toBe(first);
  expect(h.gaveUp).toEqual([]);
  expect(h.log).toEqual(["[dev] vite stopped (exit 1); restarting it. The backend keeps running."]);
});

test("more stops than the policy allows within its window give up once", async () => {
  const h = harness();
  for (let i = 0; i < 3; i++) {
    h.advance(1_000);
    h.ends[i]!(1);
    await settle();
  }
  expect(h.ends).toHaveLength(3);
  expect(h.gaveUp).toEqual([1]);
  expect(h.log.at(-1)).toContain("stopped 3 times within 60 s");
});

test("stops spread wider than the window keep being restarted", async () => {
  const h = harness();
  for (let i = 0; i < 6; i++) {
    h.advance(30_001);
    h.ends[i]!(1);
    await settle();
  }
  expect(h.ends).toHaveLength(7);
  expect(h.gaveUp).toEqual([]);
});

test("a child ended by the stack stopping is not restarted", async () => {
  const h = harness();
  h.stop();
  h.ends[0]!(null);
  await settle();
  expect(h.ends).toHaveLength(1);
  expect(h.gaveUp).toEqual([]);
  expect(h.log).toEqual([]);
});
