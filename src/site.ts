import { SITE } from "../convex/constants";

// What the header, home page, head tags and JSON-LD show; the name and
// description are the feeds' too.
export const site = {
  name: SITE.name,
  title: SITE.name,
  /** The home page's h1: what the blog is, not its name again (the header has that). */
  heading: "Notes on building a markdown blog with live, private stats",
  intro:
    "A blog written as markdown files and published with one command. Every open tab updates live, and the stats page counts readers without cookies or personal data.",
  description: SITE.description,
  author: SITE.name,
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
