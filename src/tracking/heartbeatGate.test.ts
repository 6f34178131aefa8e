import { describe, expect, it, vi } from "vitest";
import { createHeartbeatGate } from "./heartbeatGate";

function setup() {
  let time = 1_000_000;
  const calls: { path: string; settle: (ok: boolean) => void }[] = [];
  const send = vi.fn(
    (path: string) =>
      new Promise<null>((resolve, reject) => {
        calls.push({ path, settle: (ok) => (ok ? resolve(null) : reject(new Error("offline"))) });
      }),
  );
  const onError = vi.fn();
  const gate = createHeartbeatGate(send, { debounceMs: 5_000, now: () => time, onError });
  const sentPaths = () => send.mock.calls.map(([path]) => path);
  const advance = (ms: number) => {
    time += ms;
  };
  // Lets the gate's promise chain run after a call settles.
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { gate, calls, sentPaths, advance, flush, onError };
}

describe("createHeartbeatGate", () => {
  it("blocks a second heartbeat while one is pending", async () => {
    const { gate, calls, sentPaths, advance, flush } = setup();
    gate.request("/a");
    advance(6_000);
    gate.request("/a");
    expect(sentPaths()).toEqual(["/a"]);
    calls[0]!.settle(true);
    await flush();
    expect(sentPaths()).toEqual(["/a"]);
  });

  it("skips the same path within the debounce window and sends it after", async () => {
    const { gate, calls, sentPaths, advance, flush } = setup();
    gate.request("/a");
    calls[0]!.settle(true);
    await flush();
    advance(4_999);
    gate.request("/a");
    expect(sentPaths()).toEqual(["/a"]);
    advance(1);
    gate.request("/a");
    expect(sentPaths()).toEqual(["/a", "/a"]);
  });

  it("lets a path change through inside the debounce window", async () => {
    const { gate, calls, sentPaths, advance, flush } = setup();
    gate.request("/a");
    calls[0]!.settle(true);
    await flush();
    advance(1_000);
    gate.request("/b");
    expect(sentPaths()).toEqual(["/a", "/b"]);
  });

  it("sends the latest path once the pending call settles", async () => {
    const { gate, calls, sentPaths, flush } = setup();
    gate.request("/a");
    gate.request("/b");
    gate.request("/c");
    expect(sentPaths()).toEqual(["/a"]);
    calls[0]!.settle(true);
    await flush();
    expect(sentPaths()).toEqual(["/a", "/c"]);
  });

  it("drops the queued path when navigation returns to the one in flight", async () => {
    const { gate, calls, sentPaths, flush } = setup();
    gate.request("/a");
    gate.request("/b");
    gate.request("/a");
    calls[0]!.settle(true);
    await flush();
    expect(sentPaths()).toEqual(["/a"]);
  });

  it("reports failures, unblocks, and still sends a queued path", async () => {
    const { gate, calls, sentPaths, flush, onError } = setup();
    gate.request("/a");
    gate.request("/b");
    calls[0]!.settle(false);
    await flush();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(sentPaths()).toEqual(["/a", "/b"]);
  });

  it("treats a synchronous throw like a rejection", async () => {
    const onError = vi.fn();
    const send = vi.fn((): Promise<null> => {
      throw new Error("no client");
    });
    const gate = createHeartbeatGate(send, { now: () => 0, onError });
    expect(() => gate.request("/a")).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onError).toHaveBeenCalledTimes(1);
    gate.request("/b");
    expect(send).toHaveBeenCalledTimes(2);
  });
});
