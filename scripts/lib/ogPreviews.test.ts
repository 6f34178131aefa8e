import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Post } from "../../convex/validators";
import { OG_HEIGHT, OG_WIDTH } from "./ogImage";
import { cardOf, cardPng, writeBuildCards } from "./ogPreviews";

const post = (slug: string, extra: Partial<Post> = {}): Post => ({
  slug,
  title: `Post ${slug}`,
  description: "About it.",
  date: "2026-01-02",
  published: true,
  tags: [],
  readTime: "1 min read",
  content: "x",
  html: "<p>x</p>",
  contentHash: "h",
  ...extra,
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer) {
  expect(png.subarray(1, 4).toString()).toBe("PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "og-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("link-preview cards", () => {
  test("a build gets a 1200×630 PNG per live post, none for drafts, the default card, and nothing left from before", { timeout: 60_000 }, async () => {
    const out = path.join(dir, "dist");
    const cache = path.join(dir, "cache");
    await writeBuildCards([post("a")], out, 0, cache);
    await writeFile(path.join(out, "og", "stale.png"), "stale");
    expect(await writeBuildCards([post("a"), post("b", { published: false })], out, 0, cache)).toEqual(["a"]);
    expect(pngSize(await readFile(path.join(out, "og", "a.png")))).toEqual({ width: OG_WIDTH, height: OG_HEIGHT });
    expect(await readdir(path.join(out, "og"))).toEqual(["a.png"]);
    expect(pngSize(await readFile(path.join(out, "og-default.png")))).toEqual({ width: OG_WIDTH, height: OG_HEIGHT });
  });

  test("a card is rendered once per text, then read from the cache", { timeout: 30_000 }, async () => {
    const card = cardOf(post("a"));
    const first = await cardPng(card, dir);
    const [file] = await readdir(dir);
    expect(file).toMatch(/^[0-9a-f]{64}\.png$/);
    // Replaced behind its back: an answer from the cache is these bytes, not a new render.
    await writeFile(path.join(dir, file!), "cached");
    expect((await cardPng(card, dir)).toString()).toBe("cached");
    expect(await readdir(dir)).toHaveLength(1);
    expect(first.length).toBeGreaterThan(1000);
  });
});
