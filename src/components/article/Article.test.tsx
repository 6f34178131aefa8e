import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { installClipboard } from "../testing/fakeQueries";
import { Article } from "./Article";

const CODE_HTML =
  '<p>Intro</p><pre><code class="hljs language-ts"><span class="hljs-keyword">const</span> x = 1;</code></pre>' +
  '<pre><code class="hljs language-sh">npm run sync</code></pre>';

describe("Article", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("shows the stored HTML in the first render, with nothing to wait for", () => {
    const { container } = render(
      <Article html={`${CODE_HTML}<figure><img src="/images/a.png" alt="A chart" loading="lazy"><figcaption>A chart</figcaption></figure>`} />,
    );
    // Checked synchronously, before any effect or chunk could have run: no loading state in between.
    expect(screen.getByText("Intro").tagName).toBe("P");
    expect(screen.queryByRole("status")).toBeNull();
    expect(container.querySelector(".hljs-keyword")?.textContent).toBe("const");
    expect(screen.getByRole("img", { name: "A chart" }).getAttribute("loading")).toBe("lazy");
    expect(container.querySelector("figcaption")?.textContent).toBe("A chart");
  });

  it("inserts the HTML as the sync stored it, without a second pass", () => {
    const stored = '<p id="user-content-x" class="footnotes"><a href="#user-content-x" data-footnote-ref="">1</a></p>';
    const { container } = render(<Article html={stored} />);
    expect(container.querySelector(".prose")?.innerHTML).toBe(stored);
  });

  // The bars come with a lazy chunk, after the text: each test waits for them.
  describe("code copy buttons", () => {
    it("adds one labelled button per code block and copies that block's code", async () => {
      const writeText = vi.fn().mockResolvedValue(undefined);
      installClipboard(writeText);
      render(<Article html={CODE_HTML} />);
      const buttons = await screen.findAllByRole("button", { name: "Copy code to clipboard" });
      expect(buttons).toHaveLength(2);

      await act(async () => fireEvent.click(buttons[1]!));
      expect(writeText).toHaveBeenCalledWith("npm run sync");
      expect(buttons[1]!.textContent).toBe("Copied");
      expect(buttons[1]!.getAttribute("aria-label")).toBe("Code copied");

      await act(async () => fireEvent.click(buttons[0]!));
      expect(writeText).toHaveBeenLastCalledWith("const x = 1;");
    });

    it("names each block's language above it, and text when it has none", async () => {
      const { container } = render(<Article html={`${CODE_HTML}<pre><code>plain</code></pre><pre><code class="language-zig">x</code></pre>`} />);
      await screen.findAllByRole("button", { name: "Copy code to clipboard" });
      expect(Array.from(container.querySelectorAll(".code-language")).map((l) => l.textContent)).toEqual(["TypeScript", "Shell", "Text", "zig"]);
      expect(container.querySelector(".code-bar .code-copy")).not.toBeNull();
    });

    it("makes each code block focusable and named, so a keyboard can scroll it sideways", async () => {
      const { container, unmount } = render(<Article html={CODE_HTML} />);
      await screen.findAllByRole("button", { name: "Copy code to clipboard" });
      const blocks = Array.from(container.querySelectorAll("pre"));
      expect(blocks.map((pre) => pre.tabIndex)).toEqual([0, 0]);
      expect(blocks.map((pre) => pre.getAttribute("aria-label"))).toEqual(["TypeScript code", "Shell code"]);
      unmount();
      expect(blocks.map((pre) => pre.hasAttribute("tabindex"))).toEqual([false, false]);
    });

    it("says so when the clipboard refuses, then resets", async () => {
      installClipboard(vi.fn().mockRejectedValue(new DOMException("denied", "NotAllowedError")));
      render(<Article html={CODE_HTML} />);
      const button = (await screen.findAllByRole("button"))[0]!;
      vi.useFakeTimers();
      await act(async () => fireEvent.click(button));
      expect(button.textContent).toBe("Copy failed");
      act(() => vi.advanceTimersByTime(2000));
      expect(button.textContent).toBe("Copy");
    });

    it("re-attaches buttons when live content replaces the HTML", async () => {
      const { rerender, container } = render(<Article html={CODE_HTML} />);
      await screen.findAllByRole("button", { name: "Copy code to clipboard" });
      rerender(<Article html="<pre><code>one block</code></pre>" />);
      await vi.waitFor(() => expect(container.querySelectorAll(".code-copy")).toHaveLength(1));
      expect(container.querySelectorAll("pre")).toHaveLength(1);
    });
  });
});
