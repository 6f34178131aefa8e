import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useDownloadTask } from "./useDownloadTask";

/** A task the test finishes by hand, so "busy" can be seen while it runs. */
function controlled() {
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const task = (name: string) => {
    calls.push(name);
    return new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  };
  const calls: string[] = [];
  return { task, calls, settle: () => settle! };
}

describe("useDownloadTask", () => {
  it("is busy while the file is made, and neither busy nor failed once it is", async () => {
    const { task, calls, settle } = controlled();
    const { result } = renderHook(() => useDownloadTask(task));
    expect(result.current).toMatchObject({ busy: false, failed: false });
    let done: Promise<void>;
    act(() => void (done = result.current.run("pages")));
    expect(calls).toEqual(["pages"]);
    expect(result.current.busy).toBe(true);
    await act(async () => {
      settle().resolve();
      await done;
    });
    expect(result.current).toMatchObject({ busy: false, failed: false });
  });

  it("says it failed when making the file threw, and a retry clears that", async () => {
    const { task, settle } = controlled();
    const { result } = renderHook(() => useDownloadTask(task));
    let done: Promise<void>;
    act(() => void (done = result.current.run("pages")));
    await act(async () => {
      settle().reject(new Error("offline"));
      await done;
    });
    expect(result.current).toMatchObject({ busy: false, failed: true });
    act(() => void (done = result.current.run("pages")));
    expect(result.current).toMatchObject({ busy: true, failed: false });
    await act(async () => {
      settle().resolve();
      await done;
    });
    expect(result.current.failed).toBe(false);
  });
});
