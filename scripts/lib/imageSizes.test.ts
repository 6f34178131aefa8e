import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { imageSizer } from "./imageSizes";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "image-sizes-"));
  await mkdir(path.join(dir, "public", "images"), { recursive: true });
  await writeFile(path.join(dir, "public", "images", "a b.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"></svg>');
  await writeFile(path.join(dir, "public", "images", "box.svg"), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 450"></svg>');
  await writeFile(path.join(dir, "public", "images", "broken.png"), "not a png");
  await writeFile(path.join(dir, "secret.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>');
});

describe("imageSizer", () => {
  test("reads a site image's size from the public folder", () => {
    const size = imageSizer(path.join(dir, "public"));
    expect(size("/images/a%20b.svg")).toEqual({ width: 640, height: 360 });
    expect(size("/images/box.svg?v=2")).toEqual({ width: 800, height: 450 });
  });

  test("has no size for missing, unreadable, remote or escaping paths", () => {
    const size = imageSizer(path.join(dir, "public"));
    expect(size("/images/missing.png")).toBeUndefined();
    expect(size("/images/broken.png")).toBeUndefined();
    expect(size("https://example.com/a.png")).toBeUndefined();
    expect(size("//example.com/a.png")).toBeUndefined();
    expect(size("/../secret.svg")).toBeUndefined();
    expect(size("/%2e%2e/secret.svg")).toBeUndefined();
  });
});
