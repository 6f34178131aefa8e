// Tags lead somewhere: a post's tag pill opens the tag's page, which lists its posts.
import { expect, test } from "@playwright/test";
import { contentForTests } from "./helpers/content.ts";

test("a tag pill leads to the tag's page, and /tags lists every tag", async ({ page }) => {
  const { browsedPost } = await contentForTests();
  await page.goto(browsedPost.path);
  const article = page.getByRole("article", { name: browsedPost.title });
  const pill = article.getByRole("list", { name: "Tags" }).getByRole("link").first();
  const tag = (await pill.textContent())!;
  await pill.click();
  await expect(page).toHaveURL(`/tags/${tag}`);
  await expect(page.getByRole("heading", { level: 1, name: `Posts tagged ${tag}` })).toBeVisible();
  await expect(page).toHaveTitle(`Posts tagged ${tag} · markdown-site`);
  await expect(page.getByRole("link", { name: browsedPost.title, exact: true })).toBeVisible();

  await page.getByRole("link", { name: "All tags" }).click();
  await expect(page).toHaveURL("/tags");
  await expect(page.getByRole("link", { name: new RegExp(`^${tag} \\d+ posts?$`) })).toBeVisible();

  await page.goto("/tags/no-such-tag");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});
