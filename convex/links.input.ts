// What a link click may carry, cleaned field by field: a field that makes no
// sense is dropped, never the click. Imported by links.ts and by the browser's
// click capture (which sorts clicks the same way before sending); the second
// dot keeps it from being a Convex module.
import { DOWNLOAD_EXTENSIONS, MAX_LINK_URL_LENGTH } from "./constants";
import { normalizeHost } from "./stats.context";
import { isUuid, pathProblem } from "./stats.input";
import type { LinkFromKind } from "./validators";

// eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
const UNSAFE = /[\s\u0000-\u001f\u007f]/;
const DOWNLOADS: ReadonlySet<string> = new Set(DOWNLOAD_EXTENSIONS);
/** What an unreadable outbound URL is counted under. */
export const UNKNOWN_HOST = "(unknown)";

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

export type CleanClick = { kind: "outbound" | "download"; key: string; host: string; from: string; fromKind: LinkFromKind; sessionId: string | null };

/**
 * A click as stored. A path is a download if its type is one; an absolute
 * http(s) URL is outbound, kept as origin and path, cut to its origin past
 * MAX_LINK_URL_LENGTH. An unreadable URL counts under UNKNOWN_HOST; a bad page
 * or session id is dropped on its own.
 */
export function cleanClick(input: { url: string; page?: string; sessionId?: string }): CleanClick {
  const page = input.page !== undefined && pathProblem(input.page) === null ? input.page : "";
  const from = { from: page, fromKind: (page === "" ? "none" : "page") as LinkFromKind };
  const sessionId = input.sessionId !== undefined && isUuid(input.sessionId) ? input.sessionId.toLowerCase() : null;
  const raw = input.url.trim();
  if (raw.startsWith("/") && !raw.startsWith("//") && pathProblem(raw) === null) {
    const path = raw.split(/[?#]/)[0]!;
    const ext = downloadExtension(path);
    if (ext !== null) return { kind: "download", key: path, host: ext, ...from, sessionId };
  }
  let url: URL | null;
  try {
    url = raw.length <= 4 * MAX_LINK_URL_LENGTH ? new URL(raw) : null;
  } catch {
    url = null;
  }
  const host = url !== null && (url.protocol === "http:" || url.protocol === "https:") ? normalizeHost(url.hostname) : undefined;
  if (url === null || host === undefined) return { kind: "outbound", key: UNKNOWN_HOST, host: UNKNOWN_HOST, ...from, sessionId };
  const full = `${url.origin}${url.pathname}`;
  const key = full.length <= MAX_LINK_URL_LENGTH && !UNSAFE.test(full) ? full : url.origin;
  return { kind: "outbound", key, host, ...from, sessionId };
}
