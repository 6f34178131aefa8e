import { useCallback, useState } from "react";
import { nextTheme, THEME_STORAGE_KEY, themeFromStorage, type Theme } from "./themes";

// index.html's inline script has already applied the stored theme, so the
// attribute on <html> is the source of truth at mount.
function currentTheme(): Theme {
  return themeFromStorage(document.documentElement.getAttribute("data-theme"));
}

export function applyTheme(theme: Theme): void {
  document.documentElement.setAttribute("data-theme", theme);
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage can be blocked (private mode, policies); the theme still applies for this visit.
  }
}

export function useTheme() {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  const cycle = useCallback(() => {
    const next = nextTheme(theme);
    applyTheme(next);
    setTheme(next);
  }, [theme]);
  return { theme, next: nextTheme(theme), cycle };
}
