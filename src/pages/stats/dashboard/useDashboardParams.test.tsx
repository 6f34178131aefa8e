import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, useLocation } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { useDashboardParams } from "./useDashboardParams";

function setup(url: string) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MemoryRouter initialEntries={[url]}>{children}</MemoryRouter>
  );
  return renderHook(() => ({ params: useDashboardParams(), location: useLocation() }), { wrapper });
}

describe("useDashboardParams", () => {
  it("reads and writes the range and filters in the URL", () => {
    const { result } = setup("/stats?range=today&device=mobile");
    expect(result.current.params.range).toBe("today");
    expect(result.current.params.filters).toEqual([{ dimension: "device", value: "mobile" }]);

    act(() => result.current.params.addFilter({ dimension: "page", value: "/hello" }));
    expect(result.current.location.search).toBe("?range=today&device=mobile&page=%2Fhello");
    act(() => result.current.params.setRange("7d"));
    expect(result.current.location.search).toBe("?page=%2Fhello&device=mobile");
    act(() => result.current.params.removeFilter("device"));
    expect(result.current.params.filters).toEqual([{ dimension: "page", value: "/hello" }]);
    act(() => result.current.params.clearFilters());
    expect(result.current.location.search).toBe("");
  });

  it("returns the same filters array while the URL is unchanged, so query args stay equal", () => {
    const { result, rerender } = setup("/stats?country=DE");
    const before = result.current.params.filters;
    rerender();
    expect(result.current.params.filters).toBe(before);
  });
});
