// The real content under content/, which the stack syncs at start.
import path from "node:path";
import { REPO_ROOT } from "../../local/config.ts";
import { loadContent } from "../../scripts/lib/content.ts";

export interface Entry {
  slug: string;
  title: string;
  /** The entry's URL path, `/${slug}`. */
  path: string;
}

export interface SiteContent {
  /** Published posts, newest first. */
  posts: Entry[];
  /** Published pages in navigation order. */
  pages: Entry[];
  drafts: Entry[];
}

const entry = ({ slug, title }: { slug: string; title: string }): Entry => ({ slug, title, path: `/${slug}` });

export async function siteContent(): Promise<SiteContent> {
  const { posts, pages, problems } = await loadContent(path.join(REPO_ROOT, "content"));
  if (problems.length > 0) throw new Error(`content/ has problems: ${JSON.stringify(problems)}`);
  return {
    posts: posts
      .filter((p) => p.published)
      .sort((a, b) => b.date.localeCompare(a.date))
      .map(entry),
    pages: pages
      .filter((p) => p.published)
      .sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity))
      .map(entry),
    drafts: posts.filter((p) => !p.published).map(entry),
  };
}

/**
 * Each stats test counts views of its own entry, so the tests cannot change
 * each other's numbers. Fails clearly if content/ no longer has enough.
 */
export async function contentForTests() {
  const { posts, pages, drafts } = await siteContent();
  const need = (list: Entry[], index: number, what: string) => {
    const found = list[index];
    if (found === undefined) throw new Error(`The end-to-end tests need at least ${index + 1} published ${what} in content/`);
    return found;
  };
  return {
    /** Navigation and privacy tests browse these. */
    browsedPost: need(posts, 0, "posts"),
    browsedPage: need(pages, 0, "pages"),
    /** Live update test. */
    livePost: need(posts, 1, "posts"),
    /** Revisit test: the revisited post, and a page visited after it. */
    revisitedPost: need(posts, 2, "posts"),
    pageAfterRevisit: need(pages, pages.length > 1 ? pages.length - 1 : 1, "pages"),
    /** Session timeout test. */
    timeoutPost: need(posts, 3, "posts"),
    draft: drafts[0] ?? null,
    posts,
    pages,
  };
}

/** Tags of published posts, alphabetically. */
export async function siteTags(): Promise<string[]> {
  const { posts } = await loadContent(path.join(REPO_ROOT, "content"));
  return [...new Set(posts.filter((p) => p.published).flatMap((p) => p.tags))].sort();
}

/** Every route a reader can land on: home, each post and page, the lists, /stats and a 404. */
export async function readerPaths(): Promise<string[]> {
  const { posts, pages } = await siteContent();
  const [tag] = await siteTags();
  return ["/", ...posts.map((p) => p.path), ...pages.map((p) => p.path), "/tags", ...(tag ? [`/tags/${tag}`] : []), "/archive", "/stats", "/no-such-post"];
}
