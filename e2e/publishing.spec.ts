// Publishing is one command: `npm run sync` writes the files into the backend
// and every open browser shows the change, with no reload and no rebuild.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { REPO_ROOT } from "../local/config.ts";
import { contentForTests } from "./helpers/content.ts";
import { npmRunSync } from "./helpers/sync.ts";

async function fileWithSlug(dir: string, slug: string): Promise<string> {
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    if ((await readFile(file, "utf8")).includes(`\nslug: ${slug}\n`)) return file;
  }
  throw new Error(`no file in ${dir} has slug ${slug}`);
}

async function neverReloads(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(() => ((window as { e2eMarker?: string }).e2eMarker = "set before"));
  return async () => expect(await page.evaluate(() => (window as { e2eMarker?: string }).e2eMarker)).toBe("set before");
}

const NEW_POST = `---
title: Published while you watched
description: Written by the end-to-end test and synced into the running site.
date: 2026-11-20
slug: published-while-you-watched
published: true
tags: [e2e]
---

This post did not exist when the page opened.
`;

test("npm run sync shows a new post and an edited one in open browsers, with no reload", async ({ browser }) => {
  const { browsedPost } = await contentForTests();
  const edited = await mkdtemp(path.join(tmpdir(), "e2e-content-"));
  const original = path.join(REPO_ROOT, "content");
  try {
    await cp(original, edited, { recursive: true });
    await writeFile(path.join(edited, "blog", "published-while-you-watched.md"), NEW_POST);
    const postFile = await fileWithSlug(path.join(edited, "blog"), browsedPost.slug);
    await writeFile(postFile, `${await readFile(postFile, "utf8")}\nA paragraph added after the page opened.\n`);

    const home = await (await browser.newContext()).newPage();
    await home.goto("/");
    const posts = home.getByRole("region", { name: "Posts" });
    await expect(posts.getByRole("article").first()).toBeVisible();
    await expect(posts.getByRole("link", { name: "Published while you watched" })).toHaveCount(0);
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(browsedPost.path);
    await expect(reader.getByRole("heading", { level: 1, name: browsedPost.title, exact: true })).toBeVisible();
    const homeStayed = await neverReloads(home);
    const readerStayed = await neverReloads(reader);

    const printed = await npmRunSync(edited);
    expect(printed).toMatch(/posts\s+1\s+1\s+0\s+\d+/);

    await expect(posts.getByRole("article").first().getByRole("heading")).toHaveText("Published while you watched");
    await expect(reader.getByText("A paragraph added after the page opened.")).toBeVisible();
    await homeStayed();
    await readerStayed();

    // Publishing the original files again takes the new post away just as live.
    expect(await npmRunSync(original)).toMatch(/posts\s+0\s+1\s+1\s+\d+/);
    await expect(posts.getByRole("link", { name: "Published while you watched" })).toHaveCount(0);
    await expect(reader.getByText("A paragraph added after the page opened.")).toHaveCount(0);
  } finally {
    await npmRunSync(original).catch(() => undefined);
    await rm(edited, { recursive: true, force: true });
  }
});
