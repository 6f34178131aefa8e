// The toggle cycles in this order; index.html's first-paint script lists the same names
// (themes.test.ts runs that script to keep the two in step).
export const THEMES = ["dark", "light", "tan", "cloud"] as const;
export type Theme = (typeof THEMES)[number];

/** With no stored choice: Tan, or Dark when the system prefers dark. */
export const DEFAULT_THEME: Theme = "tan";
export const DARK_PREFERENCE_THEME: Theme = "dark";
export const DARK_QUERY = "(prefers-color-scheme: dark)";
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

/** The theme to paint with, given what storage holds (or null) and whether the system prefers dark. */
export function themeFromStorage(stored: string | null, prefersDark = false): Theme {
  if (isTheme(stored)) return stored;
  return prefersDark ? DARK_PREFERENCE_THEME : DEFAULT_THEME;
}
