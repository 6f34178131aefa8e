import type { Page, Post } from "./validators";

// Documents as the sync script would send them, for tests.

export function makePost(slug: string, overrides: Partial<Post> = {}): Post {
  return {
    slug,
    title: `Title of ${slug}`,
    description: `About ${slug}.`,
    date: "2025-01-01",
    published: true,
    tags: ["notes"],
    readTime: "1 min read",
    content: `Body of ${slug}.`,
    html: `<p>Body of ${slug}.</p>`,
    contentHash: `hash-${slug}`,
    ...overrides,
  };
}

export function makePage(slug: string, overrides: Partial<Page> = {}): Page {
  return {
    slug,
    title: `Page ${slug}`,
    published: true,
    content: `Body of ${slug}.`,
    html: `<p>Body of ${slug}.</p>`,
    contentHash: `hash-${slug}`,
    ...overrides,
  };
}
