// Titles and read times for the page, entry and exit rows a panel answers:
// fixed pages by name, `/<slug>` rows by a point read each (stats.published.ts),
// so a re-run reads at most `limit` posts and pages, however many the site
// has. Imported by dashboard.figures.ts; the second dot keeps it from being a
// Convex module.
import type { PageInfo } from "./dashboard.report";
import { FIXED_PAGES } from "./stats.input";
import { slugOfPath, type Published } from "./stats.published";
import { readTimeMs } from "./stats.visit";

/** What labels each of `paths`; a path that is no published post, page or fixed page is left out (its row shows the path). */
export async function pageLabels(content: Published, paths: readonly string[]): Promise<Map<string, PageInfo>> {
  const found = await Promise.all(
    paths.map(async (path): Promise<[string, PageInfo] | null> => {
      const fixed = FIXED_PAGES.get(path);
      if (fixed !== undefined) return [path, { title: fixed.title, readTime: false }];
      const slug = slugOfPath(path);
      if (slug === null) return null;
      const post = await content.post(slug);
      if (post !== null) return [path, { title: post.title, readTime: readTimeMs(post.readTime) !== null }];
      const page = await content.page(slug);
      return page === null ? null : [path, { title: page.title, readTime: false }];
    }),
  );
  return new Map(found.filter((entry) => entry !== null));
}
