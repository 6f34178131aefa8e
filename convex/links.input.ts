// What a link click may carry, cleaned field by field: a field that makes no
// sense is dropped, never the click. Imported by links.ts; the second dot
// keeps it from being a Convex module.
import { MAX_LINK_URL_LENGTH } from "./constants";
import { downloadExtension } from "./links.target";
import { normalizeHost } from "./stats.context";
import { isUuid, pathProblem } from "./stats.input";
import type { LinkFromKind } from "./validators";

// eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
const UNSAFE = /[\s\u0000-\u001f\u007f]/;
/** What an unreadable outbound URL is counted under. */
export const UNKNOWN_HOST = "(unknown)";

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
