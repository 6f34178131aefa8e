import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { installClipboard } from "../testing/fakeQueries";
import { Article } from "./Article";
import { loadSanitizer } from "./sanitizer";

// Loaded once, as SlugPage does before a post arrives; useSanitizer.test.tsx covers the wait.
beforeAll(() => loadSanitizer());

const CODE_HTML =
  '<p>Intro</p><pre><code class="hljs language-ts"><span class="hljs-keyword">const</span> x = 1;</code></pre>' +
  '<pre><code class="hljs language-sh">npm run sync</code></pre>';

describe("Article", () => {
  beforeEach(() => {
    vi.stubGlobal("alert", vi.fn());
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    delete (window as { pwned?: boolean }).pwned;
  });

  it("renders the stored HTML, keeping highlight classes and figures", () => {
    const { container } = render(
      <Article html={`${CODE_HTML}<figure><img src="/images/a.png" alt="A chart"><figcaption>A chart</figcaption></figure>`} />,
    );
    expect(screen.getByText("Intro").tagName).toBe("P");
    expect(container.querySelector(".hljs-keyword")?.textContent).toBe("const");
    expect(screen.getByRole("img", { name: "A chart" }).getAttribute("loading")).toBe("lazy");
    expect(container.querySelector("figcaption")?.textContent).toBe("A chart");
  });

  describe("untrusted HTML stays inert", () => {
    it("drops event handler attributes, so onerror cannot run", () => {
      const { container } = render(<Article html={'<p>x</p><img src="x" onerror="alert(1)"><svg onload="alert(2)"></svg>'} />);
      const img = container.querySelector("img")!;
      expect(img.hasAttribute("onerror")).toBe(false);
      // Stored content never holds SVG, so none is kept at all.
      expect(container.querySelector("svg")).toBeNull();
      // jsdom runs inline handlers: had the attribute survived, this would call alert.
      img.dispatchEvent(new Event("error"));
      expect(window.alert).not.toHaveBeenCalled();
    });

    it("removes script, iframe and style elements without running them", () => {
      const { container } = render(
        <Article
          html={
            "<p>before</p><script>window.pwned = true</script>" +
            '<iframe src="https://example.com" srcdoc="<script>parent.pwned=true</script>"></iframe>' +
            "<style>body{display:none}</style><p>after</p>"
          }
        />,
      );
      expect(container.querySelector("script, iframe, style")).toBeNull();
      expect((window as { pwned?: boolean }).pwned).toBeUndefined();
      expect(container.textContent).toBe("beforeafter");
    });

    it("drops javascript: and data: URLs, including obfuscated ones", () => {
      const { container } = render(
        <Article
          html={
            '<a href="javascript:alert(1)">a</a><a href=" JaVa&#x09;Script:alert(1)">b</a>' +
            '<a href="data:text/html,<script>alert(1)</script>">c</a><a href="/safe">d</a>'
          }
        />,
      );
      const hrefs = Array.from(container.querySelectorAll("a")).map((a) => a.getAttribute("href"));
      expect(hrefs).toEqual([null, null, null, "/safe"]);
    });
  });

  describe("code copy buttons", () => {
    it("adds one labelled button per code block and copies that block's code", async () => {
      const writeText = vi.fn().mockResolvedValue(undefined);
      installClipboard(writeText);
      render(<Article html={CODE_HTML} />);
      const buttons = screen.getAllByRole("button", { name: "Copy code to clipboard" });
      expect(buttons).toHaveLength(2);

      await act(async () => fireEvent.click(buttons[1]!));
      expect(writeText).toHaveBeenCalledWith("npm run sync");
      expect(buttons[1]!.textContent).toBe("Copied");
      expect(buttons[1]!.getAttribute("aria-label")).toBe("Code copied");

      await act(async () => fireEvent.click(buttons[0]!));
      expect(writeText).toHaveBeenLastCalledWith("const x = 1;");
    });

    it("makes each code block focusable, so a keyboard can scroll it sideways", () => {
      const { container, unmount } = render(<Article html={CODE_HTML} />);
      const blocks = Array.from(container.querySelectorAll("pre"));
      expect(blocks.map((pre) => pre.tabIndex)).toEqual([0, 0]);
      unmount();
      expect(blocks.map((pre) => pre.hasAttribute("tabindex"))).toEqual([false, false]);
    });

    it("says so when the clipboard refuses, then resets", async () => {
      vi.useFakeTimers();
      installClipboard(vi.fn().mockRejectedValue(new DOMException("denied", "NotAllowedError")));
      render(<Article html={CODE_HTML} />);
      const button = screen.getAllByRole("button")[0]!;
      await act(async () => fireEvent.click(button));
      expect(button.textContent).toBe("Copy failed");
      act(() => vi.advanceTimersByTime(2000));
      expect(button.textContent).toBe("Copy");
    });

    it("re-attaches buttons when live content replaces the HTML", () => {
      const { rerender, container } = render(<Article html={CODE_HTML} />);
      rerender(<Article html="<pre><code>one block</code></pre>" />);
      expect(container.querySelectorAll(".code-copy")).toHaveLength(1);
      expect(container.querySelectorAll("pre")).toHaveLength(1);
    });
  });
});
