// More than 20 posts: the home page and tag pages page, and a page's URL survives a reload.
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { REPO_ROOT } from "../local/config.ts";
import { npmRunSync } from "./helpers/sync.ts";

const EXTRA = 25;

test("/page/2 and /tags/<tag>/page/2 list older posts and survive a reload", async ({ page }) => {
  const dir = await mkdtemp(path.join(tmpdir(), "e2e-pages-"));
  const original = path.join(REPO_ROOT, "content");
  try {
    await cp(original, dir, { recursive: true });
    for (let i = 1; i <= EXTRA; i++) {
      const day = String(i).padStart(2, "0");
      await writeFile(
        path.join(dir, "blog", `generated-${i}.md`),
        `---\ntitle: Generated ${i}\ndescription: Paging test.\ndate: 2001-01-${day}\nslug: generated-${i}\npublished: true\ntags: [generated]\n---\n\nBody ${i}.\n`,
      );
    }
    await npmRunSync(dir);

    await page.goto("/");
    const pager = page.getByRole("navigation", { name: "Pagination" });
    await expect(pager.getByText("Page 1 of 2")).toBeVisible();
    await pager.getByRole("link", { name: "Older posts →" }).click();
    await expect(page).toHaveURL("/page/2");
    await expect(page.getByRole("heading", { level: 1, name: "Posts, page 2" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Posts, page 2" })).toBeVisible();
    // The oldest generated post is last of all.
    await expect(page.getByRole("article").last()).toContainText("Generated 1");

    await page.goto("/tags/generated/page/2");
    await expect(page.getByRole("heading", { level: 1, name: "Posts tagged generated, page 2" })).toBeVisible();
    await expect(page.getByRole("article")).toHaveCount(EXTRA - 20);
  } finally {
    await npmRunSync(original);
    await rm(dir, { recursive: true, force: true });
  }
});
