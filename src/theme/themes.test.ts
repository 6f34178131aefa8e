import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { DARK_QUERY, DEFAULT_THEME, nextTheme, THEME_STORAGE_KEY, themeFromStorage, THEMES } from "./themes";

const indexHtml = readFileSync(join(process.cwd(), "index.html"), "utf8");

/** The inline script index.html runs before first paint. */
function firstPaintScript(): string {
  const match = /<script>([\s\S]*?)<\/script>/.exec(indexHtml);
  if (!match?.[1]) throw new Error("index.html has no inline theme script");
  return match[1];
}

function stubPreference(prefersDark: boolean | "unsupported") {
  if (prefersDark === "unsupported") {
    Object.defineProperty(window, "matchMedia", { configurable: true, value: undefined });
    return;
  }
  Object.defineProperty(window, "matchMedia", {
    configurable: true,
    value: (query: string) => ({ matches: query === DARK_QUERY && prefersDark, media: query }),
  });
}

function runFirstPaint(stored: string | null, prefersDark: boolean | "unsupported" = false): string | null {
  stubPreference(prefersDark);
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

  it("follows a system dark preference unless a choice is stored", () => {
    expect(themeFromStorage(null, true)).toBe("dark");
    expect(themeFromStorage("neon", true)).toBe("dark");
    expect(themeFromStorage("light", true)).toBe("light");
    expect(themeFromStorage("tan", true)).toBe("tan");
  });

  describe("index.html first-paint script", () => {
    it.each([...THEMES, null, "", "neon", "toString", '"><script>'])(
      "paints the same theme as themeFromStorage for %j, with and without a dark preference",
      (stored) => {
        expect(runFirstPaint(stored, false)).toBe(themeFromStorage(stored, false));
        expect(runFirstPaint(stored, true)).toBe(themeFromStorage(stored, true));
      },
    );

    it("paints the default where matchMedia is missing", () => {
      expect(runFirstPaint(null, "unsupported")).toBe(DEFAULT_THEME);
    });

    it("follows the system preference when storage throws", () => {
      const original = Object.getOwnPropertyDescriptor(window, "localStorage")!;
      Object.defineProperty(window, "localStorage", {
        configurable: true,
        get() {
          throw new DOMException("blocked", "SecurityError");
        },
      });
      try {
        document.documentElement.setAttribute("data-theme", "tan");
        stubPreference(true);
        expect(() => new Function(firstPaintScript())()).not.toThrow();
        expect(document.documentElement.getAttribute("data-theme")).toBe("dark");
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
