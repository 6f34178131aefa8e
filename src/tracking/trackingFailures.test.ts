// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { attempt, createFailureReporter } from "./trackingFailures";

describe("attempt", () => {
  it("turns a synchronous throw into a rejection", async () => {
    const boom = new Error("boom");
    await expect(
      attempt(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });

  it("passes results and rejections through", async () => {
    await expect(attempt(() => 1)).resolves.toBe(1);
    await expect(attempt(() => Promise.reject(new Error("no")))).rejects.toThrow("no");
  });
});

describe("createFailureReporter", () => {
  it("logs only the first failure", () => {
    const log = vi.fn();
    const report = createFailureReporter(log);
    report(new Error("first"));
    report(new Error("second"));
    report("third");
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[1]).toEqual(new Error("first"));
  });

  it("logs at debug level by default", () => {
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    const error = vi.spyOn(console, "error");
    try {
      createFailureReporter()(new Error("x"));
      expect(debug).toHaveBeenCalledTimes(1);
      expect(error).not.toHaveBeenCalled();
    } finally {
      debug.mockRestore();
      error.mockRestore();
    }
  });
});
