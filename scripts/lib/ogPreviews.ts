// Link-preview cards (1200×630 PNGs at /og/<slug>.png). Nothing here writes
// into the repository: a build puts the cards of posts live at build time into
// dist/og/, and the dev and preview servers render a live post's card on
// request. Rendered cards are kept in a git-ignored cache, named by their key.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { SITE } from "../../convex/constants";
import { isScheduled } from "../../convex/content.schedule";
import type { Post } from "../../convex/validators";
import { formatDate } from "../../src/components/formatDate";
import { OG_RENDER_VERSION, renderOgImage, type OgCard } from "./ogImage";

/** Every post's og:image falls back to this card (Netlify, dev and preview alike). */
export const DEFAULT_CARD_PATH = "/og-default.png";

/** The card for a path other than a live post's: the site's own, naming no post. */
export const DEFAULT_CARD: OgCard = { title: SITE.name, description: SITE.description, meta: "" };

/** The fields of a post a card shows; /api/post answers them too. */
export type CardSource = Pick<Post, "title" | "description" | "date" | "readTime">;

export function cardOf(post: CardSource): OgCard {
  return { title: post.title, description: post.description, meta: `${formatDate(post.date)} · ${post.readTime}` };
}

const keyOf = (card: OgCard) => createHash("sha256").update(JSON.stringify([OG_RENDER_VERSION, card])).digest("hex");

/** The card's PNG, rendered once per text (about 0.3 s) and then read from `cacheDir`. */
export async function cardPng(card: OgCard, cacheDir: string): Promise<Buffer> {
  const file = path.join(cacheDir, `${keyOf(card)}.png`);
  const cached = await readFile(file).catch(() => null);
  if (cached !== null) return cached;
  const png = await renderOgImage(card);
  await mkdir(cacheDir, { recursive: true });
  // Written aside and moved, so a concurrent reader never gets half a file.
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, png);
  await rename(temp, file);
  return png;
}

/** Posts a reader can see at `now`: published, and not waiting for their time. */
export function livePosts<P extends Pick<Post, "published" | "publishAt">>(posts: readonly P[], now: number): P[] {
  return posts.filter((post) => post.published && !isScheduled(post, now));
}

/**
 * Makes `outDir/og/` hold exactly the cards of the posts live at `now`, and
 * `outDir/og-default.png` the site's card. Whatever was in `og/` before (a
 * stale `public/og/` copied by the build) goes first, so no card of a
 * scheduled or removed post survives.
 */
export async function writeBuildCards(posts: readonly Post[], outDir: string, now: number, cacheDir: string): Promise<string[]> {
  const ogDir = path.join(outDir, "og");
  await rm(ogDir, { recursive: true, force: true });
  await mkdir(ogDir, { recursive: true });
  const written: string[] = [];
  for (const post of livePosts(posts, now)) {
    await writeFile(path.join(ogDir, `${post.slug}.png`), await cardPng(cardOf(post), cacheDir));
    written.push(post.slug);
  }
  await writeFile(path.join(outDir, DEFAULT_CARD_PATH.slice(1)), await cardPng(DEFAULT_CARD, cacheDir));
  return written;
}
