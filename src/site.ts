// Site identity in one place: the header, home page, head tags and JSON-LD read it.
export const site = {
  name: "markdown-site",
  title: "markdown-site",
  intro:
    "A blog written as markdown files and published with one command. Every open tab updates live, and the stats page counts readers without cookies or personal data.",
  description: "A markdown blog on Convex with live, privacy-friendly stats.",
  author: "markdown-site",
  logo: "/logo.svg",
  // Canonical origin for shared links and SEO tags; without it the current origin is used.
  url: String(import.meta.env.VITE_SITE_URL ?? "").replace(/\/+$/, ""),
} as const;

/** A full URL for a site path; URLs that already have a scheme pass through. */
export function absoluteUrl(pathOrUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)) return pathOrUrl;
  const path = pathOrUrl.startsWith("/") ? pathOrUrl : `/${pathOrUrl}`;
  return (site.url || window.location.origin) + path;
}
