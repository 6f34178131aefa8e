// Link previews for posts. Chat apps and social sites read a shared link's
// <head> without running JavaScript, so the tags the app sets in the browser
// never reach them. The edge function in edge-functions/post-head.ts puts
// them into the HTML itself. Pure, so vitest covers it; Deno runs it as is.
import { ogImagePath, RESERVED_SLUGS, SITE, SLUG_PATTERN } from "../convex/constants.ts";
import { escapeXml } from "../convex/xml.ts";

/** What /api/post answers for a published post (the fields used here). */
export interface PostPreview {
  slug: string;
  title: string;
  description: string;
  url: string;
}

const reserved: ReadonlySet<string> = new Set(RESERVED_SLUGS);

/** The slug a path could be a post of, or null for every other path. */
export function slugOf(pathname: string): string | null {
  const slug = pathname.slice(1);
  return pathname.startsWith("/") && SLUG_PATTERN.test(slug) && !reserved.has(slug) ? slug : null;
}

function isPostPreview(value: unknown): value is PostPreview {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.slug === "string" && typeof v.title === "string" && typeof v.description === "string" && typeof v.url === "string";
}

/** The post from an /api/post response, or null for anything else (404, a page, an error). */
export async function previewFrom(response: Response): Promise<PostPreview | null> {
  if (!response.ok) return null;
  const body: unknown = await response.json().catch(() => null);
  return isPostPreview(body) ? body : null;
}

function metaTags(post: PostPreview): string {
  // The card the sync renders for every post, a PNG every network shows (a cover may be an SVG, which most do not).
  const image = new URL(ogImagePath(post.slug), post.url).href;
  const tags: Array<[string, string, string | undefined]> = [
    ["property", "og:title", post.title],
    ["property", "og:description", post.description],
    ["property", "og:type", "article"],
    ["property", "og:url", post.url],
    ["property", "og:site_name", SITE.name],
    ["property", "og:image", image],
    ["property", "og:image:width", "1200"],
    ["property", "og:image:height", "630"],
    ["name", "twitter:card", "summary_large_image"],
    ["name", "twitter:title", post.title],
    ["name", "twitter:description", post.description],
    ["name", "twitter:image", image],
  ];
  return tags
    .filter((tag): tag is [string, string, string] => tag[2] !== undefined)
    .map(([attr, key, value]) => `<meta ${attr}="${key}" content="${escapeXml(value)}" />`)
    .join("\n    ");
}

/**
 * index.html with the post's title, description and preview tags. Every value
 * is escaped, so a title holding `</title>` or `"` stays text. The app's own
 * head code finds these tags and updates them in place on navigation.
 */
export function withPostHead(html: string, post: PostPreview): string {
  const title = `<title>${escapeXml(`${post.title} · ${SITE.name}`)}</title>`;
  const description = `<meta name="description" content="${escapeXml(post.description)}" />`;
  return html
    .replace(/<title>[\s\S]*?<\/title>/, () => title)
    .replace(/<meta name="description"[^>]*>/, () => description)
    .replace("</head>", () => `  ${metaTags(post)}\n  </head>`);
}
