// Missing pages say so in the HTTP status, not only on screen.
import { expect, test } from "@playwright/test";
import { contentForTests, siteTags } from "./helpers/content.ts";

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

test("unknown slugs and tags, and list pages past the end, answer 404 whatever the Accept header", async ({ request }) => {
  const { browsedPost, posts } = await contentForTests();
  for (const accept of ["*/*", "text/html"]) {
    const options = { headers: { accept } };
    for (const path of ["/no-such-post", "/tags/no-such-tag", "/page/99", "/tags/no-such-tag/page/2", "/page/1"]) {
      expect({ path, accept, status: (await request.get(path, options)).status() }).toEqual({ path, accept, status: 404 });
    }
    for (const path of ["/", browsedPost.path, "/tags", "/archive", "/stats"]) {
      expect({ path, accept, status: (await request.get(path, options)).status() }).toEqual({ path, accept, status: 200 });
    }
  }
  const tag = (await siteTags())[0]!;
  expect((await request.get(`/tags/${tag}`, { headers: { accept: "*/*" } })).status()).toBe(200);
  expect(posts.length).toBeGreaterThan(0);
});

test("/stats has its own title", async ({ page }) => {
  await page.goto("/stats");
  await expect(page).toHaveTitle(/^Site stats · /);
});
