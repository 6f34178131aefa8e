// The end of a post leads on: its older and newer neighbours by date.
import { expect, test } from "@playwright/test";
import { siteContent } from "./helpers/content.ts";

test("a post's older and newer links follow the home page's order", async ({ page }) => {
  const { posts } = await siteContent();
  const [newest, next] = posts;
  if (!newest || !next) throw new Error("The end-to-end tests need at least 2 published posts in content/");
  await page.goto(newest.path);
  const neighbours = page.getByRole("navigation", { name: "Older and newer posts" });
  await expect(neighbours.getByRole("link", { name: /Newer post/ })).toHaveCount(0);
  await neighbours.getByRole("link", { name: /Older post/ }).click();
  await expect(page).toHaveURL(next.path);
  await expect(page.getByRole("heading", { level: 1, name: next.title, exact: true })).toBeVisible();

  await page.getByRole("navigation", { name: "Older and newer posts" }).getByRole("link", { name: /Newer post/ }).click();
  await expect(page).toHaveURL(newest.path);
});
