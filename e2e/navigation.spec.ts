import { expect, test } from "@playwright/test";
import { DEFAULT_THEME, nextTheme, THEME_LABELS, THEMES, type Theme } from "../src/theme/themes.ts";
import { contentForTests } from "./helpers/content.ts";

test("navigates from the home page to a post, then to a page", async ({ page }) => {
  const { browsedPost, browsedPage, posts } = await contentForTests();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: /markdown blog/ })).toBeVisible();
  const list = page.getByRole("region", { name: "Posts" });
  await expect(list.getByRole("article")).toHaveCount(posts.length);

  await list.getByRole("link", { name: browsedPost.title, exact: true }).click();
  await expect(page).toHaveURL(browsedPost.path);
  await expect(page.getByRole("heading", { level: 1, name: browsedPost.title, exact: true })).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: browsedPage.title, exact: true }).click();
  await expect(page).toHaveURL(browsedPage.path);
  await expect(page.getByRole("heading", { level: 1, name: browsedPage.title, exact: true })).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(browsedPost.path);
  await expect(page.getByRole("heading", { level: 1, name: browsedPost.title, exact: true })).toBeVisible();
});

test("the theme toggle cycles through every theme and the choice survives a reload", async ({ page }) => {
  const html = page.locator("html");
  const toggle = page.getByRole("button", { name: /^Theme: / });
  await page.goto("/");
  await expect(html).toHaveAttribute("data-theme", DEFAULT_THEME);

  let theme: Theme = DEFAULT_THEME;
  const seen: Theme[] = [theme];
  do {
    const next = nextTheme(theme);
    await expect(toggle).toHaveAccessibleName(`Theme: ${THEME_LABELS[theme]}. Switch to ${THEME_LABELS[next]}`);
    await toggle.click();
    await expect(html).toHaveAttribute("data-theme", next);

    await page.reload();
    await expect(html).toHaveAttribute("data-theme", next);
    await expect(toggle).toHaveAccessibleName(new RegExp(`^Theme: ${THEME_LABELS[next]}\\.`));
    theme = next;
    seen.push(theme);
  } while (theme !== DEFAULT_THEME);
  expect(new Set(seen).size).toBe(THEMES.length);
});
