// Renamed posts (`aliases:`) in the figures: views recorded before a rename
// are stored under the old path, and both /stats and the dashboard count them
// as the post's. One lookup for both; every read has a bound.
// Imported by stats.ts and dashboard.figures.ts; the second dot keeps it from
// being a Convex module.
import type { DatabaseReader } from "./_generated/server";
import { MAX_ALIAS_LOOKUPS, MAX_ALIASES_PER_POST } from "./constants";
import { liveGeneration, type Generation } from "./content.live";
import { FIXED_PAGES } from "./stats.input";
import { Published, slugOfPath } from "./stats.published";

/**
 * Old paths of renamed posts among `paths`, each mapped to the published
 * post's path now. Only a `/<slug>` path can be an old slug. A site with
 * fewer than MAX_ALIAS_LOOKUPS old slugs has them all read in one range and
 * every path is answered; past that, the first MAX_ALIAS_LOOKUPS such paths
 * in the order given (callers pass the most viewed first) are looked up, one
 * index point read each. Only the paths that are old slugs are then checked,
 * by point reads (`content`, shared with the caller's labels): a path that is
 * a published post or page now keeps its own row, and an alias counts only
 * while its post is published. Nothing here reads every post: at most
 * 5 × MAX_ALIAS_LOOKUPS documents.
 */
export async function renamedPaths(
  db: DatabaseReader,
  generation: Generation,
  paths: Iterable<string>,
  content: Published = new Published(db, { generation }),
): Promise<Map<string, string>> {
  const candidates = [...new Set(paths)].filter((p) => slugOfPath(p) !== null && !FIXED_PAGES.has(p));
  if (candidates.length === 0) return new Map();
  const byAlias = (alias?: string) =>
    db.query("slugAliases").withIndex("by_generation_and_alias", (q) => (alias === undefined ? q.eq("generation", generation) : q.eq("generation", generation).eq("alias", alias)));
  const all = await byAlias().take(MAX_ALIAS_LOOKUPS);
  const complete = all.length < MAX_ALIAS_LOOKUPS;
  const known = new Map(all.map((alias) => [alias.alias, alias.slug]));
  const slugOf = async (alias: string) => (complete ? (known.get(alias) ?? null) : ((await byAlias(alias).first())?.slug ?? null));
  const looked = complete ? candidates.filter((path) => known.has(path.slice(1))) : candidates.slice(0, MAX_ALIAS_LOOKUPS);
  const found = await Promise.all(
    looked.map(async (path) => {
      const slug = await slugOf(path.slice(1));
      if (slug === null || (await content.isLive(path))) return null;
      return (await content.post(slug)) === null ? null : ([path, `/${slug}`] as const);
    }),
  );
  return new Map(found.filter((entry) => entry !== null));
}

/**
 * A published post's old paths, when `path` is one: what a filter on the
 * post counts besides its own path. At most 1 + MAX_ALIASES_PER_POST reads.
 */
export async function oldPathsOf(db: DatabaseReader, path: string): Promise<string[]> {
  if (!path.startsWith("/") || path.length === 1) return [];
  const generation = await liveGeneration(db);
  const slug = path.slice(1);
  const post = await db
    .query("posts")
    .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
    .first();
  if (post === null || !post.published) return [];
  const aliases = await db
    .query("slugAliases")
    .withIndex("by_generation_and_slug", (q) => q.eq("generation", generation).eq("slug", slug))
    .take(MAX_ALIASES_PER_POST);
  return aliases.map((alias) => `/${alias.alias}`);
}

/** Whether any post of the live content has an old slug: one read. */
export async function anyAliases(db: DatabaseReader, generation: Generation): Promise<boolean> {
  return (await db.query("slugAliases").withIndex("by_generation_and_alias", (q) => q.eq("generation", generation)).first()) !== null;
}
