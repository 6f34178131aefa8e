/**
 * JSON for a `<script type="application/ld+json">` body. `<`, `>` and `&` become
 * \u escapes (still the same JSON), so a title containing `</script>` or `<!--`
 * cannot end or alter the script element however the page is serialized.
 * U+2028/2029 are escaped for old JavaScript parsers.
 */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}
