import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Post } from "../../convex/validators";
import { formatDate } from "../../src/components/formatDate";
import { OG_RENDER_VERSION, renderOgImage, type OgCard } from "./ogImage";

const MANIFEST = "manifest.json";

export interface PreviewResult {
  written: string[];
  removed: string[];
}

function cardOf(post: Post): OgCard {
  return { title: post.title, description: post.description, meta: `${formatDate(post.date)} · ${post.readTime}` };
}

const keyOf = (card: OgCard) => createHash("sha256").update(JSON.stringify([OG_RENDER_VERSION, card])).digest("hex");

/**
 * Makes `dir` hold one link-preview PNG per published post (`<slug>.png`),
 * rendering only the cards whose text changed (a manifest keeps their keys)
 * and removing those of posts that are gone.
 */
export async function writePreviews(posts: readonly Post[], dir: string): Promise<PreviewResult> {
  await mkdir(dir, { recursive: true });
  const manifestFile = path.join(dir, MANIFEST);
  const previous: Record<string, string> = JSON.parse(await readFile(manifestFile, "utf8").catch(() => "{}"));
  const present = new Set(await readdir(dir));
  const next: Record<string, string> = {};
  const result: PreviewResult = { written: [], removed: [] };
  for (const post of posts.filter((p) => p.published)) {
    const card = cardOf(post);
    const key = keyOf(card);
    const file = `${post.slug}.png`;
    next[post.slug] = key;
    if (previous[post.slug] === key && present.has(file)) continue;
    await writeFile(path.join(dir, file), await renderOgImage(card));
    result.written.push(file);
  }
  for (const file of present) {
    if (file.endsWith(".png") && !(file.slice(0, -4) in next)) {
      await rm(path.join(dir, file));
      result.removed.push(file);
    }
  }
  await writeFile(manifestFile, `${JSON.stringify(next, null, 2)}\n`);
  return result;
}
