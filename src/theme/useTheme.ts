import { useCallback, useEffect, useState } from "react";
import { DARK_QUERY, isTheme, nextTheme, THEME_STORAGE_KEY, themeFromStorage, type Theme } from "./themes";

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

function storedChoice(): string | null {
  try {
    return localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function useTheme() {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  // Until the reader picks a theme, the system's light/dark setting decides, also when it changes.
  useEffect(() => {
    const query = window.matchMedia?.(DARK_QUERY);
    if (!query) return;
    const follow = () => {
      if (isTheme(storedChoice())) return;
      const system = themeFromStorage(null, query.matches);
      document.documentElement.setAttribute("data-theme", system);
      setTheme(system);
    };
    query.addEventListener("change", follow);
    return () => query.removeEventListener("change", follow);
  }, []);
  const cycle = useCallback(() => {
    const next = nextTheme(theme);
    applyTheme(next);
    setTheme(next);
  }, [theme]);
  return { theme, next: nextTheme(theme), cycle };
}
