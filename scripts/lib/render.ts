import rehypeAutolinkHeadings from "rehype-autolink-headings";
import rehypeHighlight from "rehype-highlight";
import rehypeRaw from "rehype-raw";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import type { ImageSizer } from "./imageSizes";
import { headingAnchor, rehypeFigure, rehypeImageSizes, rehypeTableRegions, rehypeTaskLabels, rehypeHeadingIds, rehypeLazyImages, rehypeLocalLinks, rehypeRemoteImages } from "./rehypePlugins";

/**
 * Part of every content hash: bump it whenever the HTML this module produces
 * changes, so the next sync re-renders documents whose source did not change.
 */
export const RENDERER_VERSION = "4";

const CLOBBER_PREFIX = "user-content-";

type Schema = typeof defaultSchema;
type AttributeList = NonNullable<Schema["attributes"]>[string];

// GitHub-style allow-list plus what highlighting and figures need. Highlight
// classes: `hljs`, `hljs-keyword`, and highlight.js's sub-scope markers such
// as `class_` or `invoke__`.
const HLJS_CLASS = /^hljs(-[a-z_]+)?$|^[a-z]+_+$/;

function withAttributes(tag: string, extra: AttributeList): AttributeList {
  return [...(defaultSchema.attributes?.[tag] ?? []), ...extra];
}

/**
 * Attributes GitHub's list allows that stored HTML must not carry: `action`
 * belongs to forms (none are allowed), and `srcset` (on `<source>`) would let
 * a picture load from another host, past the site-only `src` check.
 */
const DROPPED_ATTRIBUTES = new Set(["action", "srcSet"]);

function without(list: AttributeList | undefined): AttributeList {
  return (list ?? []).filter((entry) => !DROPPED_ATTRIBUTES.has(typeof entry === "string" ? entry : entry[0]));
}

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  clobberPrefix: CLOBBER_PREFIX,
  tagNames: [...(defaultSchema.tagNames ?? []), "figure", "figcaption"],
  attributes: {
    ...defaultSchema.attributes,
    "*": without(defaultSchema.attributes?.["*"]),
    source: without(defaultSchema.attributes?.source),
    code: [["className", /^language-./, "hljs"]],
    span: withAttributes("span", [["className", HLJS_CLASS]]),
    img: withAttributes("img", ["alt", "title", "width", "height"]),
  },
  // Drop the contents of elements that must never show up as text either.
  strip: ["script", "style", "template", "noscript", "iframe", "object", "embed"],
};

const processor = (imageSize: ImageSizer | undefined) =>
  unified()
  .use(remarkParse)
  .use(remarkGfm)
  // Footnote ids are left bare here: the sanitizer adds the one prefix.
  .use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: "" })
  .use(rehypeRaw)
  // Highlight before sanitizing, so its output is checked like everything else.
  .use(rehypeHighlight)
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeRemoteImages)
  .use(rehypeImageSizes, imageSize)
  .use(rehypeLazyImages)
  .use(rehypeFigure)
  .use(rehypeTableRegions)
  .use(rehypeTaskLabels)
  .use(rehypeHeadingIds)
  .use(rehypeLocalLinks, CLOBBER_PREFIX)
  .use(rehypeAutolinkHeadings, headingAnchor)
  .use(rehypeStringify)
  .freeze();
const plain = processor(undefined);

export interface Rendered {
  html: string;
  /** Images that would load from another server; the sync refuses them. */
  remoteImages: string[];
}

/** Markdown body (no frontmatter) to sanitized HTML, ready to store. */
export function renderDocument(markdown: string, imageSize?: ImageSizer): Rendered {
  const file = (imageSize ? processor(imageSize) : plain).processSync(markdown);
  return { html: String(file).trim(), remoteImages: file.data.remoteImages ?? [] };
}

export function renderMarkdown(markdown: string): string {
  return renderDocument(markdown).html;
}
