import { describe, expect, it, vi } from "vitest";
import { CLOCK_JITTER_MS, createServerClock } from "./serverClock";

describe("createServerClock", () => {
  it("is the local clock until a server answer arrives", () => {
    const clock = createServerClock(() => 1_000_000);
    expect(clock.now()).toBe(1_000_000);
  });

  it("takes the offset at the middle of the round trip", () => {
    let local = 1_000_000;
    const clock = createServerClock(() => local);
    // Sent at 1,000,000, answered at 1,000,400: the server stamped the middle.
    clock.observe(1_000_000, 1_000_200 + 180_000, 1_000_400);
    expect(clock.now()).toBe(local + 180_000);
    local += 5_000;
    expect(clock.now()).toBe(local + 180_000);
  });

  it("ignores jitter below the threshold, and tells subscribers about real jumps only", () => {
    const clock = createServerClock(() => 0);
    const onChange = vi.fn();
    const unsubscribe = clock.subscribe(onChange);
    clock.observe(0, CLOCK_JITTER_MS - 1, 0);
    expect(clock.now()).toBe(0);
    expect(onChange).not.toHaveBeenCalled();
    clock.observe(0, -2 * 60_000, 0);
    expect(clock.now()).toBe(-2 * 60_000);
    expect(onChange).toHaveBeenCalledTimes(1);
    unsubscribe();
    clock.observe(0, 0, 0);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it("ignores answers that cannot be right", () => {
    const clock = createServerClock(() => 0);
    clock.observe(10, 99_999, 5);
    clock.observe(0, Number.NaN, 0);
    expect(clock.now()).toBe(0);
  });
});
