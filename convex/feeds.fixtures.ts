import { XMLParser, XMLValidator } from "fast-xml-parser";
import { expect } from "vitest";
import type { Page, Post } from "./validators";

// Shared by feeds.test.ts, http.test.ts and xml.test.ts. The name has two
// dots, so Convex does not deploy it and vitest does not run it as a test.

/** Text that breaks naive XML, CDATA, HTML or YAML output. No outer whitespace: parsers trim it. */
export const HOSTILE = {
  title: `Tom & Jerry's <b>"best"</b> ]]> </script><script>alert(1)</script>`,
  description: `A < B && C > D; "double" 'single' ]]> &amp; stays literal`,
  tag: `c&<>"'`,
  html: `<p>a ]]> b</p><pre><code>]]]]>]]></code></pre><script>x</script> <![CDATA[ inner ]]> &amp;`,
  content: `# Heading\n\n---\ntitle: "fake"\n---\n\nText with ]]> and </script> & "quotes".`,
};

export function makePost(overrides: Partial<Post> = {}): Post {
  const slug = overrides.slug ?? "a-post";
  return {
    slug,
    title: `Title of ${slug}`,
    description: `About ${slug}`,
    date: "2024-01-15",
    published: true,
    tags: ["convex"],
    readTime: "3 min read",
    content: `Markdown of ${slug}.`,
    html: `<p>HTML of ${slug}.</p>`,
    contentHash: `hash-${slug}`,
    ...overrides,
  };
}

export function makePage(overrides: Partial<Page> = {}): Page {
  const slug = overrides.slug ?? "about";
  return {
    slug,
    title: `Page ${slug}`,
    published: true,
    content: `Page ${slug}.`,
    html: `<p>Page ${slug}.</p>`,
    contentHash: `hash-${slug}`,
    ...overrides,
  };
}

/** Values kept as strings and untrimmed-by-type; repeated elements always arrays. */
export const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  isArray: (name, _jPath, _isLeaf, isAttribute) => !isAttribute && ["item", "category", "url"].includes(name),
});

/**
 * XMLValidator misses two things XML forbids: `]]>` in character data and
 * control characters. Check those by hand.
 */
export function expectWellFormedXml(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "")).not.toContain("]]>");
  expect(xml).not.toMatch(/(?![\t\n\r])\p{Cc}/u);
}
