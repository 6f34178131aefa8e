// Published posts and pages by slug, for the figures that name paths: one
// index point read per slug asked about, each at most once per query, so
// what a query reads follows the paths it answers, never the site's size.
// Imported by stats.aliases.ts and the dashboard's helpers; the second dot
// keeps it from being a Convex module.
import type { Doc } from "./_generated/dataModel";
import type { DatabaseReader } from "./_generated/server";
import { liveGeneration, type Generation } from "./content.live";
import { slugFormatProblem } from "./slugs";

/** The slug of a `/<slug>` path, or null for any other path (tag pages, list pages, `/`): no content can have it. */
export function slugOfPath(path: string): string | null {
  if (!path.startsWith("/")) return null;
  const slug = path.slice(1);
  return slugFormatProblem(slug) === null ? slug : null;
}

export class Published {
  private readonly posts = new Map<string, Promise<Doc<"posts"> | null>>();
  private readonly pages = new Map<string, Promise<Doc<"pages"> | null>>();
  private live: Promise<Generation> | null;

  /** `known`: the live generation, when the caller has read it; else it is read on first use. */
  constructor(
    private readonly db: DatabaseReader,
    known?: { generation: Generation },
  ) {
    this.live = known === undefined ? null : Promise.resolve(known.generation);
  }

  generation(): Promise<Generation> {
    this.live ??= liveGeneration(this.db);
    return this.live;
  }

  /** The live generation's published post with this slug; null for a draft, a post still scheduled, or none. */
  post(slug: string): Promise<Doc<"posts"> | null> {
    let found = this.posts.get(slug);
    if (found === undefined) {
      found = this.generation().then(async (generation) => {
        const post = await this.db
          .query("posts")
          .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
          .first();
        return post?.published === true ? post : null;
      });
      this.posts.set(slug, found);
    }
    return found;
  }

  /** The live generation's published page with this slug, or null. */
  page(slug: string): Promise<Doc<"pages"> | null> {
    let found = this.pages.get(slug);
    if (found === undefined) {
      found = this.generation().then(async (generation) => {
        const page = await this.db
          .query("pages")
          .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
          .first();
        return page?.published === true ? page : null;
      });
      this.pages.set(slug, found);
    }
    return found;
  }

  /** Whether `/<slug>` is a published post or page now (fixed pages are the caller's). */
  async isLive(path: string): Promise<boolean> {
    const slug = slugOfPath(path);
    if (slug === null) return false;
    return (await this.post(slug)) !== null || (await this.page(slug)) !== null;
  }
}
