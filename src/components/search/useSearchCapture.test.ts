import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { searchSender, type SearchReporter } from "../../tracking/searchCapture";
import { SEARCH_SETTLE_MS, useSearchCapture } from "./useSearchCapture";

vi.mock("convex/react", () => ({ useConvex: () => ({}) }));

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function fakeReporter() {
  return { search: vi.fn<SearchReporter["search"]>(), open: vi.fn<SearchReporter["open"]>() };
}

function render(reporter: SearchReporter) {
  return renderHook(({ typed, results }: { typed: string; results: number | null }) => useSearchCapture(typed, results, reporter), {
    initialProps: { typed: "", results: null as number | null },
  });
}

test("a search counts once typing settles, not per key", () => {
  const reporter = fakeReporter();
  const { rerender } = render(reporter);
  for (const typed of ["r", "re", "rea", "react"]) {
    rerender({ typed, results: 3 });
    act(() => vi.advanceTimersByTime(SEARCH_SETTLE_MS / 2));
  }
  expect(reporter.search).not.toHaveBeenCalled();
  act(() => vi.advanceTimersByTime(SEARCH_SETTLE_MS));
  expect(reporter.search).toHaveBeenCalledExactlyOnceWith("react", 3);
  // The same term settling again (results updated live) is not a second search.
  rerender({ typed: "react", results: 4 });
  act(() => vi.advanceTimersByTime(SEARCH_SETTLE_MS));
  expect(reporter.search).toHaveBeenCalledTimes(1);
});

test("nothing is counted while there is nothing searched", () => {
  const reporter = fakeReporter();
  const { rerender, unmount } = render(reporter);
  rerender({ typed: "a", results: null });
  act(() => vi.advanceTimersByTime(SEARCH_SETTLE_MS * 2));
  unmount();
  expect(reporter.search).not.toHaveBeenCalled();
});

test("opening a result settles the term at once and reports the result", () => {
  const reporter = fakeReporter();
  const { result, rerender } = render(reporter);
  rerender({ typed: "hooks", results: 2 });
  act(() => result.current("react-hooks"));
  expect(reporter.search).toHaveBeenCalledExactlyOnceWith("hooks", 2);
  expect(reporter.open).toHaveBeenCalledExactlyOnceWith("hooks", "react-hooks");
});

test("closing the dialog counts what was last typed", () => {
  const reporter = fakeReporter();
  const { rerender, unmount } = render(reporter);
  rerender({ typed: "kubernetes", results: 0 });
  unmount();
  expect(reporter.search).toHaveBeenCalledExactlyOnceWith("kubernetes", 0);
});

test("the sender sends nothing while tracking is blocked", () => {
  const mutation = vi.fn(async () => null);
  const client = { mutation } as never;
  searchSender(client, () => "do-not-track").search("react", 1);
  expect(mutation).not.toHaveBeenCalled();
  searchSender(client, () => null).open("react", "react-hooks");
  expect(mutation).toHaveBeenCalledTimes(1);
});

test("the sender sends the session id, so the server can count the search under its visit", () => {
  const mutation = vi.fn(async () => null);
  const client = { mutation } as never;
  const id = "00000000-0000-4000-8000-000000000001";
  searchSender(client, () => null, { get: () => id }).search("react", 2);
  expect(mutation).toHaveBeenCalledExactlyOnceWith(expect.anything(), { term: "react", results: 2, sessionId: id });
});
