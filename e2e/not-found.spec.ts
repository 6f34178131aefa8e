// Missing pages say so in the HTTP status, not only on screen.
import { expect, test } from "@playwright/test";
import { contentForTests } from "./helpers/content.ts";

test("an unknown slug answers 404 and offers the latest posts; posts, pages and /stats answer 200", async ({ page, request }) => {
  const { browsedPost, browsedPage, posts } = await contentForTests();
  const html = { headers: { accept: "text/html" } };
  expect((await request.get("/no-such-post", html)).status()).toBe(404);
  expect((await request.get(browsedPost.path, html)).status()).toBe(200);
  expect((await request.get(browsedPage.path, html)).status()).toBe(200);
  expect((await request.get("/stats", html)).status()).toBe(200);
  expect((await request.get("/", html)).status()).toBe(200);

  const response = await page.goto("/no-such-post");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page).toHaveTitle(/^Page not found · /);
  const latest = page.getByRole("region", { name: "Latest posts" }).getByRole("link");
  await expect(latest.first()).toHaveText(posts[0]!.title);
});

test("/stats has its own title", async ({ page }) => {
  await page.goto("/stats");
  await expect(page).toHaveTitle(/^Site stats · /);
});
