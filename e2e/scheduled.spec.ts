// A scheduled post appears in open browsers at its time, with no reload and no re-sync.
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { REPO_ROOT } from "../local/config.ts";
import { npmRunSync } from "./helpers/sync.ts";

test("a scheduled post is hidden, then shows up at its second in an open page", async ({ page }) => {
  // publishAt to the second (site time zone: UTC), far enough ahead for the sync and the checks before it.
  test.setTimeout(150_000);
  const at = new Date(Math.ceil((Date.now() + 30_000) / 1_000) * 1_000);
  const iso = at.toISOString();
  const dir = await mkdtemp(path.join(tmpdir(), "e2e-scheduled-"));
  const original = path.join(REPO_ROOT, "content");
  try {
    await cp(original, dir, { recursive: true });
    await writeFile(
      path.join(dir, "blog", "on-the-minute.md"),
      `---\ntitle: On the minute\ndescription: Scheduled by the test.\ndate: ${iso.slice(0, 10)}\npublishAt: "${iso.slice(0, 19)}"\nslug: on-the-minute\npublished: true\ntags: [e2e]\n---\n\nIt waited for its time.\n`,
    );
    expect(await npmRunSync(dir)).toMatch(/Scheduled[^\n]*\n\s+on-the-minute\s/);

    const reader = await page.context().newPage();
    await reader.goto("/on-the-minute");
    await expect(reader.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await page.goto("/");
    const posts = page.getByRole("region", { name: "Posts" });
    await expect(posts.getByRole("article").first()).toBeVisible();
    await expect(posts.getByRole("link", { name: "On the minute" })).toHaveCount(0);

    await expect(posts.getByRole("link", { name: "On the minute" })).toBeVisible({ timeout: at.getTime() - Date.now() + 30_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
  } finally {
    await npmRunSync(original);
    await rm(dir, { recursive: true, force: true });
  }
});
