import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { installClipboard } from "../testing/fakeQueries";
import { CopyPageMenu } from "./CopyPageMenu";

const URL_ = "https://blog.example/how-to-publish";
const MARKDOWN = "# How to publish\n\nRun `npm run sync`.";

function renderMenu() {
  render(<CopyPageMenu markdown={MARKDOWN} url={URL_} />);
  return screen.getByRole("button", { name: "Copy page" });
}

/** The menu's code is a lazy chunk: wait for it to render. */
async function openMenu() {
  const button = renderMenu();
  fireEvent.click(button);
  await screen.findByRole("menu");
  return button;
}

describe("CopyPageMenu", () => {
  // Load the lazy menu chunk once up front, so a loaded machine's first import can't outlast findByRole's wait.
  beforeAll(async () => {
    await import("./CopyMenuList");
  });
  afterEach(() => vi.useRealTimers());

  it("is a closed menu button until clicked", async () => {
    const button = renderMenu();
    expect(button.getAttribute("aria-haspopup")).toBe("menu");
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("menu")).toBeNull();

    fireEvent.click(button);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    const menu = await screen.findByRole("menu");
    expect(button.getAttribute("aria-controls")).toBe(menu.id);
    expect(screen.getAllByRole("menuitem").map((item) => item.textContent)).toEqual([
      "Copy as Markdown",
      "Open in ChatGPT",
      "Open in Claude",
    ]);
    expect(document.activeElement).toBe(screen.getByRole("menuitem", { name: "Copy as Markdown" }));
  });

  it("copies the markdown, confirms, closes and returns focus", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    installClipboard(writeText);
    const button = await openMenu();
    vi.useFakeTimers();
    await act(async () => fireEvent.click(screen.getByRole("menuitem", { name: "Copy as Markdown" })));
    expect(writeText).toHaveBeenCalledWith(MARKDOWN);
    expect(screen.getByRole("status").textContent).toBe("Copied");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(button);
    act(() => vi.advanceTimersByTime(2500));
    expect(screen.getByRole("status").textContent).toBe("");
  });

  it("reports a failed copy instead of throwing", async () => {
    installClipboard(vi.fn().mockRejectedValue(new DOMException("denied", "NotAllowedError")));
    await openMenu();
    await act(async () => fireEvent.click(screen.getByRole("menuitem", { name: "Copy as Markdown" })));
    expect(screen.getByRole("status").textContent).toBe("Copy failed");
  });

  it("reports failure when there is no clipboard API at all", async () => {
    Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
    await openMenu();
    await act(async () => fireEvent.click(screen.getByRole("menuitem", { name: "Copy as Markdown" })));
    expect(screen.getByRole("status").textContent).toBe("Copy failed");
  });

  it("links to ChatGPT and Claude with the page URL in an encoded prompt, in a new tab", async () => {
    await openMenu();
    const expected = {
      "Open in ChatGPT": "https://chatgpt.com/?q=",
      "Open in Claude": "https://claude.ai/new?q=",
    };
    for (const [name, prefix] of Object.entries(expected)) {
      const link = screen.getByRole("menuitem", { name });
      const href = link.getAttribute("href")!;
      expect(href.startsWith(prefix)).toBe(true);
      expect(href).toContain(encodeURIComponent(URL_));
      expect(new URL(href).searchParams.get("q")).toContain(URL_);
      expect(link.getAttribute("target")).toBe("_blank");
      expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    }
  });

  it("moves with arrow keys and closes on Escape, returning focus to the button", async () => {
    const button = await openMenu();
    const menu = screen.getByRole("menu");
    const items = screen.getAllByRole("menuitem");
    fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.keyDown(menu, { key: "ArrowUp" });
    fireEvent.keyDown(menu, { key: "ArrowUp" });
    expect(document.activeElement).toBe(items[2]);
    fireEvent.keyDown(menu, { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(button);
  });

  it("opens from the keyboard with ArrowDown and closes on an outside click", async () => {
    const button = renderMenu();
    fireEvent.keyDown(button, { key: "ArrowDown" });
    expect(await screen.findByRole("menu")).toBeTruthy();
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole("menu")).toBeNull();
  });
});
