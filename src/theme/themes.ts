// The toggle cycles in this order; index.html's first-paint script lists the same names
// (themes.test.ts runs that script to keep the two in step).
export const THEMES = ["dark", "light", "tan", "cloud"] as const;
export type Theme = (typeof THEMES)[number];

export const DEFAULT_THEME: Theme = "tan";
export const THEME_STORAGE_KEY = "theme";

export const THEME_LABELS: Record<Theme, string> = {
  dark: "Dark",
  light: "Light",
  tan: "Tan",
  cloud: "Cloud",
};

export function isTheme(value: unknown): value is Theme {
  return typeof value === "string" && (THEMES as readonly string[]).includes(value);
}

export function nextTheme(theme: Theme): Theme {
  return THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length]!;
}

/** The theme to paint with, given what storage holds (or null). */
export function themeFromStorage(stored: string | null): Theme {
  return isTheme(stored) ? stored : DEFAULT_THEME;
}
