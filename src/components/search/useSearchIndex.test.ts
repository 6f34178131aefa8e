import { renderHook, waitFor } from "@testing-library/react";
import { useQueries } from "convex/react";
import { describe, expect, it, vi } from "vitest";
import type { SearchIndexChunk } from "../../../convex/validators";
import { fakeUseQueries } from "../testing/fakeQueries";
import { useSearchIndex } from "./useSearchIndex";

vi.mock("convex/react", () => ({ useQueries: vi.fn() }));

const chunk = (slug: string, next: string | null): SearchIndexChunk => ({
  vocabulary: slug,
  entries: [{ kind: "post", slug, title: slug, description: "", tags: [], headings: "", wordIds: "A" }],
  next,
});

describe("useSearchIndex", () => {
  it("asks for each next chunk until the last, then keeps the same array while nothing changes", async () => {
    const chunks = new Map([
      [undefined, chunk("a", "a")],
      ["a", chunk("b", "b")],
      ["b", chunk("c", null)],
    ]);
    const asked: Array<string | undefined> = [];
    vi.mocked(useQueries).mockImplementation(
      fakeUseQueries({
        "search:index": ({ after }: { after?: string }) => {
          asked.push(after);
          return chunks.get(after);
        },
      }),
    );
    const { result, rerender } = renderHook(() => useSearchIndex());
    await waitFor(() => expect(result.current?.map((c) => c.entries[0]!.slug)).toEqual(["a", "b", "c"]));
    expect(new Set(asked)).toEqual(new Set([undefined, "a", "b"]));
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
  });

  it("is null until every chunk has arrived", () => {
    vi.mocked(useQueries).mockImplementation(
      fakeUseQueries({ "search:index": ({ after }: { after?: string }) => (after === undefined ? chunk("a", "a") : undefined) }),
    );
    const { result } = renderHook(() => useSearchIndex());
    expect(result.current).toBeNull();
  });
});
