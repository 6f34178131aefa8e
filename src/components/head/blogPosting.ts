import type { PostSummary } from "../../../convex/validators";
import { absoluteUrl, site } from "../../site";

/** schema.org BlogPosting for a post's JSON-LD. */
export function blogPosting(post: PostSummary): Record<string, unknown> {
  const url = absoluteUrl(`/${post.slug}`);
  return {
    "@context": "https://schema.org",
    "@type": "BlogPosting",
    headline: post.title,
    description: post.description,
    datePublished: post.date,
    url,
    mainEntityOfPage: url,
    keywords: post.tags.join(", "),
    ...(post.image ? { image: absoluteUrl(post.image) } : {}),
    author: { "@type": "Person", name: site.author },
    publisher: { "@type": "Organization", name: site.name, logo: absoluteUrl(site.logo) },
  };
}
