import { THEME_LABELS } from "../theme/themes";
import { useTheme } from "../theme/useTheme";

export function ThemeToggle() {
  const { theme, next, cycle } = useTheme();
  return (
    <button
      type="button"
      className="button theme-toggle"
      onClick={cycle}
      aria-label={`Theme: ${THEME_LABELS[theme]}. Switch to ${THEME_LABELS[next]}`}
    >
      <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16">
        <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 1.5a6.5 6.5 0 0 1 0 13z" fill="currentColor" />
      </svg>
      <span aria-hidden="true">{THEME_LABELS[theme]}</span>
    </button>
  );
}
