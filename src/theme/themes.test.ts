import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_THEME, nextTheme, THEME_STORAGE_KEY, themeFromStorage, THEMES } from "./themes";

const indexHtml = readFileSync(join(process.cwd(), "index.html"), "utf8");

/** The inline script index.html runs before first paint. */
function firstPaintScript(): string {
  const match = /<script>([\s\S]*?)<\/script>/.exec(indexHtml);
  if (!match?.[1]) throw new Error("index.html has no inline theme script");
  return match[1];
}

function runFirstPaint(stored: string | null): string | null {
  // index.html's own default, as the browser would parse it.
  document.documentElement.setAttribute("data-theme", /<html[^>]*data-theme="([^"]+)"/.exec(indexHtml)?.[1] ?? "");
  localStorage.clear();
  if (stored !== null) localStorage.setItem(THEME_STORAGE_KEY, stored);
  new Function(firstPaintScript())();
  return document.documentElement.getAttribute("data-theme");
}

describe("themes", () => {
  beforeEach(() => localStorage.clear());

  it("cycles Dark → Light → Tan → Cloud → Dark", () => {
    expect(THEMES).toEqual(["dark", "light", "tan", "cloud"]);
    expect(nextTheme("dark")).toBe("light");
    expect(nextTheme("light")).toBe("tan");
    expect(nextTheme("tan")).toBe("cloud");
    expect(nextTheme("cloud")).toBe("dark");
  });

  it("defaults to Tan for missing or unknown stored values", () => {
    expect(DEFAULT_THEME).toBe("tan");
    expect(themeFromStorage(null)).toBe("tan");
    expect(themeFromStorage("neon")).toBe("tan");
    expect(themeFromStorage("Dark")).toBe("tan");
    expect(themeFromStorage("cloud")).toBe("cloud");
  });

  describe("index.html first-paint script", () => {
    it.each([...THEMES, null, "", "neon", "toString", '"><script>'])(
      "paints the same theme as themeFromStorage for %j",
      (stored) => {
        expect(runFirstPaint(stored)).toBe(themeFromStorage(stored));
      },
    );

    it("keeps the default when storage throws", () => {
      const original = Object.getOwnPropertyDescriptor(window, "localStorage")!;
      Object.defineProperty(window, "localStorage", {
        configurable: true,
        get() {
          throw new DOMException("blocked", "SecurityError");
        },
      });
      try {
        document.documentElement.setAttribute("data-theme", "tan");
        expect(() => new Function(firstPaintScript())()).not.toThrow();
        expect(document.documentElement.getAttribute("data-theme")).toBe("tan");
      } finally {
        Object.defineProperty(window, "localStorage", original);
      }
    });

    it("runs before the app's module script and stylesheet", () => {
      expect(indexHtml.indexOf(firstPaintScript())).toBeLessThan(indexHtml.indexOf('type="module"'));
      expect(indexHtml).toMatch(/<html[^>]*data-theme="tan"/);
    });
  });
});
