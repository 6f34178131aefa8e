// How fast one connection may send work that runs outside the fair queue:
// every frame is parsed, and every added or removed subscription costs
// bookkeeping and a Transition, before any turn is taken. A socket sending
// tens of thousands of query-set changes, or hundreds of megabytes of frames,
// a second would slow every other client; past its budget, its frames wait
// (and its socket is not read) until the budget has refilled.

/** A token bucket: `perSecond` refill, at most `burst` at once. */
export class RateBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /**
   * Takes `amount` from the budget and returns 0, or returns how many
   * milliseconds to wait before asking again. A message larger than the
   * burst goes through once the budget is full, leaving it in debt.
   */
  take(amount: number): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens <= 0 || (amount > this.tokens && this.tokens < this.burst)) {
      const missing = Math.min(amount, this.burst) - this.tokens;
      return Math.max(1, Math.ceil((missing / this.perSecond) * 1000));
    }
    this.tokens -= amount;
    return 0;
  }
}
