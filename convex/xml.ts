// Pure text helpers for the XML documents served by http.ts (RSS, sitemap).

// Control characters (tab, LF and CR aside), U+FFFE/U+FFFF and unpaired
// surrogates: most are illegal in XML 1.0 and escaping cannot make them legal;
// one of them in a post would make feed readers reject the whole document.
// (DEL and C1 controls are merely discouraged, but never meant as text.)
const FORBIDDEN_XML_CHARS = /(?![\t\n\r])\p{Cc}|[\uD800-\uDFFF\uFFFE\uFFFF]/gu;

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

function stripForbidden(text: string): string {
  return text.replace(FORBIDDEN_XML_CHARS, "");
}

/** Text safe inside an element or a quoted attribute value. */
export function escapeXml(text: string): string {
  return stripForbidden(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A CDATA section holding `text` verbatim. A CDATA section cannot contain
 * `]]>`, so each one is split across two sections: the parser joins them back.
 */
export function cdata(text: string): string {
  return `<![CDATA[${stripForbidden(text).replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

/** `<name>text</name>` with the text escaped. */
export function element(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(isoDate: string): Date | null {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2024-02-31 over into March; a rolled date was not real.
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date : null;
}

/** A real calendar date written `YYYY-MM-DD` (the sitemap's lastmod accepts exactly this). */
export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== null;
}

/**
 * A `YYYY-MM-DD` date as an RFC 822 date-time at midnight UTC
 * (`Mon, 01 Jan 2024 00:00:00 GMT`), or null when it is not a real date.
 */
export function rfc822Date(isoDate: string): string | null {
  return parseIsoDate(isoDate)?.toUTCString() ?? null;
}
