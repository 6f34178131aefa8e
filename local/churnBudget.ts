// How fast one connection may change its query set. Every added or removed
// subscription costs work outside the fair queue (parsing, bookkeeping, a
// Transition), so a socket churning tens of thousands of them a second would
// slow every other client; past its budget, its frames wait (and its socket is
// not read) until the budget has refilled.
import { MAX_QUERY_SET_CHANGES_BURST, MAX_QUERY_SET_CHANGES_PER_SECOND } from "./limits.ts";

export class ChurnBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond = MAX_QUERY_SET_CHANGES_PER_SECOND,
    private readonly burst = MAX_QUERY_SET_CHANGES_BURST,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /**
   * Takes `changes` from the budget and returns 0, or returns how many
   * milliseconds to wait before asking again. A message larger than the
   * burst goes through once the budget is full, leaving it in debt.
   */
  take(changes: number): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens <= 0 || (changes > this.tokens && this.tokens < this.burst)) {
      const missing = Math.min(changes, this.burst) - this.tokens;
      return Math.max(1, Math.ceil((missing / this.perSecond) * 1000));
    }
    this.tokens -= changes;
    return 0;
  }
}
