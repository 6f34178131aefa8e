// The hashes that let index.html's own inline scripts run under the site's
// policy (netlify/frameHeaders.ts) while any other inline script is refused.
import { createHash } from "node:crypto";

/** Script types a browser runs; any other (`application/json`, `application/ld+json`) is data that no policy governs. */
const RUN_TYPES = new Set(["", "module", "text/javascript"]);

/** The text of every inline script in `html` that a browser would run. */
export function inlineScripts(html: string): string[] {
  const found: string[] = [];
  for (const [, attributes = "", body = ""] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(attributes)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]*)/i.exec(attributes)?.[1]?.toLowerCase() ?? "";
    if (RUN_TYPES.has(type)) found.push(body);
  }
  return found;
}

/** CSP source expressions (`sha256-…`) for the inline scripts of `html`. */
export function inlineScriptHashes(html: string): string[] {
  return inlineScripts(html).map((body) => `sha256-${createHash("sha256").update(body, "utf8").digest("base64")}`);
}
