import { act, render } from "@testing-library/react";
import { useEffect } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryRouter, type NavigateFunction, useLocation, useNavigate } from "react-router-dom";
import { ScrollMemory } from "./ScrollMemory";
import { useScrollPlacement } from "./useScrollPlacement";

// jsdom has no layout: the page's position is this variable, moved only by
// scrollTo, and the page is always tall enough to get there.
let y = 0;
const navigator: { current: NavigateFunction | null } = { current: null };

function Shell() {
  const { key } = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    navigator.current = navigate;
  }, [navigate]);
  const positions = useScrollPlacement();
  return <ScrollMemory entryKey={key} positions={positions} />;
}

/** Scrolls without a scroll event, as the browser does until its next frame. */
const scrollSilently = (top: number) => {
  y = top;
};

async function go(to: string | number) {
  const navigate = navigator.current;
  if (navigate === null) throw new Error("not rendered");
  await act(async () => {
    if (typeof to === "number") await navigate(to);
    else await navigate(to);
  });
}

describe("useScrollPlacement with ScrollMemory", () => {
  beforeEach(() => {
    y = 0;
    Object.defineProperty(window, "scrollY", { configurable: true, get: () => y });
    Object.defineProperty(document.documentElement, "scrollHeight", { configurable: true, get: () => 10_000 });
    vi.spyOn(window, "scrollTo").mockImplementation(((_x: number, top: number) => {
      y = top;
    }) as typeof window.scrollTo);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("Back and Forward return to where each entry was left, though no scroll event came before leaving", async () => {
    render(
      <MemoryRouter initialEntries={["/list"]}>
        <Shell />
      </MemoryRouter>,
    );
    scrollSilently(800);
    await go("/post");
    expect(y).toBe(0);
    scrollSilently(1500);
    await go(-1);
    // The event for 1500 arrives late, with the list's position: it must not count for the post.
    window.dispatchEvent(new Event("scroll"));
    expect(y).toBe(800);
    await go(1);
    expect(y).toBe(1500);
  });

  it("a new app remembers nothing from an earlier one with the same keys", async () => {
    const first = render(
      <MemoryRouter initialEntries={["/list"]}>
        <Shell />
      </MemoryRouter>,
    );
    scrollSilently(800);
    await go("/post");
    await go(-1);
    first.unmount();
    const scrollTo = vi.mocked(window.scrollTo);
    scrollTo.mockClear();
    render(
      <MemoryRouter initialEntries={["/list"]}>
        <Shell />
      </MemoryRouter>,
    );
    expect(scrollTo).toHaveBeenCalledExactlyOnceWith(0, 0);
  });

  it("a new entry starts at the top", async () => {
    render(
      <MemoryRouter initialEntries={["/list"]}>
        <Shell />
      </MemoryRouter>,
    );
    scrollSilently(800);
    await go("/post");
    await go(-1);
    await go("/other");
    expect(y).toBe(0);
  });
});
