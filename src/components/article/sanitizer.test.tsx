import { render, renderHook, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { useSanitizer } from "./sanitizer";

afterEach(() => {
  vi.doUnmock("./sanitizeHtml");
  vi.resetModules();
});

test("useSanitizer is loading until the sanitizer's chunk arrives, then ready", async () => {
  const { result } = renderHook(() => useSanitizer());
  expect(result.current.status).toBe("loading");
  await waitFor(() => expect(result.current.status).toBe("ready"));
  const ready = result.current as Extract<typeof result.current, { status: "ready" }>;
  expect(ready.sanitize('<p onclick="x()">hi</p>')).toBe("<p>hi</p>");
  // Later users get it at once.
  expect(renderHook(() => useSanitizer()).result.current.status).toBe("ready");
});

test("a chunk that fails to load is an error state, and the article says so instead of showing raw HTML", async () => {
  vi.resetModules();
  vi.doMock("./sanitizeHtml", () => {
    throw new Error("Failed to fetch dynamically imported module");
  });
  const { useSanitizer: freshHook } = await import("./sanitizer");
  const { result } = renderHook(() => freshHook());
  await waitFor(() => expect(result.current.status).toBe("error"));

  const { Article } = await import("./Article");
  const { container } = render(<Article html="<p>body</p>" />);
  expect(await screen.findByRole("alert")).toHaveProperty("textContent", expect.stringMatching(/could not be shown.*Reload/));
  expect(container.textContent).not.toContain("body");
});
