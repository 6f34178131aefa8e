import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Post } from "../../convex/validators";
import { OG_HEIGHT, OG_WIDTH } from "./ogImage";
import { writePreviews } from "./ogPreviews";

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

describe("writePreviews", () => {
  test("writes a 1200×630 PNG per published post, none for drafts", { timeout: 30_000 }, async () => {
    const result = await writePreviews([post("a"), post("b", { published: false })], dir);
    expect(result.written).toEqual(["a.png"]);
    expect(pngSize(await readFile(path.join(dir, "a.png")))).toEqual({ width: OG_WIDTH, height: OG_HEIGHT });
    expect((await readdir(dir)).sort()).toEqual(["a.png", "manifest.json"]);
  });

  test("re-renders only changed cards and removes those of deleted posts", { timeout: 30_000 }, async () => {
    await writePreviews([post("a"), post("b")], dir);
    await writeFile(path.join(dir, "old.png"), "stale");
    const again = await writePreviews([post("a"), post("b", { title: "New title" })], dir);
    expect(again).toEqual({ written: ["b.png"], removed: ["old.png"] });
    const gone = await writePreviews([post("b", { title: "New title" })], dir);
    expect(gone).toEqual({ written: [], removed: ["a.png"] });
  });
});
