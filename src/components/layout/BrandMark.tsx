/**
 * The logo drawn inline, so its colours come from the theme (the file in
 * public/ stays for the favicon and JSON-LD, where no theme applies).
 * Decorative: the brand link's text names it.
 */
export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 64 64" width="28" height="28" aria-hidden="true" focusable="false">
      <rect x="2" y="2" width="60" height="60" rx="14" />
      <path d="M13 44V20h6l7 9 7-9h6v24h-6V30l-7 9-7-9v14z" />
      <path d="M44 20h6v13h5l-8 11-8-11h5z" />
    </svg>
  );
}
