// Which clicks count, shared by the browser's click capture and the server.
// It imports nothing, so the tracker's lazy chunk carries it whole and the
// first paint's chunk gains nothing. The second dot keeps it from being a Convex module.

/** Beacon path for outbound and download clicks (a Convex HTTP action behind the site's /presence/* proxy). */
export const CLICK_BEACON_PATH = "/presence/click";
/** File types a same-site link counts as a download for. */
export const DOWNLOAD_EXTENSIONS = [
  "pdf", "zip", "gz", "tgz", "tar", "7z", "rar", "epub", "mobi", "csv", "xlsx", "xls", "docx", "doc", "pptx",
  "odt", "ods", "mp3", "mp4", "mov", "wav", "ogg", "dmg", "exe", "msi", "apk", "deb", "rpm", "iso",
] as const;
const DOWNLOADS: ReadonlySet<string> = new Set(DOWNLOAD_EXTENSIONS);

/** The file extension of a path if it is a download type, or null. */
export function downloadExtension(pathname: string): string | null {
  const match = /\.([a-z0-9]{1,5})$/i.exec(pathname);
  const ext = match?.[1]?.toLowerCase();
  return ext !== undefined && DOWNLOADS.has(ext) ? ext : null;
}

/**
 * What a click on `href` counts as, seen from a page at `origin`: another
 * site's http(s) link is outbound (its origin and path; the query and fragment
 * may carry tokens and are never sent), a same-site link to a file is a
 * download (its path). Anything else is not counted.
 */
export function clickTarget(href: string, origin: string): { url: string } | null {
  let url: URL;
  try {
    url = new URL(href, origin);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.origin !== origin) return { url: `${url.origin}${url.pathname}` };
  return downloadExtension(url.pathname) === null ? null : { url: url.pathname };
}

