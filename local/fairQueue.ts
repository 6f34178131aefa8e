// Decides whose transaction runs next. convex-test runs one transaction at a
// time; left to itself it takes them first come, first served, and runs a
// chain of them without ever returning to the event loop. Here each lane (a
// client connection, or the backend's own background work) waits in its own
// queue, the lanes take turns, and every hand-over goes through setImmediate,
// so sockets and timers are served between any two transactions.
import { setImmediate } from "node:timers";

/** Anything that identifies one client connection, or background work. */
export type Lane = object;

export class FairQueue {
  /** Lanes with waiters, in turn order (a Map keeps insertion order). */
  private readonly lanes = new Map<Lane, Array<() => void>>();
  private busy = false;
  private handingOver = false;

  /** Resolves when it is this lane's turn; call `release()` once done. */
  acquire(lane: Lane): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.lanes.get(lane);
      if (waiters) waiters.push(resolve);
      else this.lanes.set(lane, [resolve]);
      if (!this.busy && !this.handingOver) this.grantNext();
    });
  }

  release() {
    this.busy = false;
    if (this.handingOver) return;
    this.handingOver = true;
    setImmediate(() => {
      this.handingOver = false;
      if (!this.busy) this.grantNext();
    });
  }

  /** Waiters across all lanes. */
  get waiting(): number {
    let count = 0;
    for (const waiters of this.lanes.values()) count += waiters.length;
    return count;
  }

  private grantNext() {
    const next = this.lanes.entries().next();
    if (next.done) return;
    const [lane, waiters] = next.value;
    const resolve = waiters.shift()!;
    // To the back of the line: every other waiting lane goes first.
    this.lanes.delete(lane);
    if (waiters.length > 0) this.lanes.set(lane, waiters);
    this.busy = true;
    resolve();
  }
}
