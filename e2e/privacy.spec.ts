import { expect, test } from "@playwright/test";
import { contentForTests } from "./helpers/content.ts";
import { StatsPage } from "./helpers/statsPage.ts";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);

test("browsing sets no cookie and sends nothing beyond 127.0.0.1 and localhost", async ({ context, page }) => {
  const { browsedPost, browsedPage } = await contentForTests();
  const urls: string[] = [];
  const sockets: string[] = [];
  context.on("request", (request) => urls.push(request.url()));
  page.on("websocket", (socket) => sockets.push(socket.url()));

  await page.goto("/");
  await page.getByRole("region", { name: "Posts" }).getByRole("link", { name: browsedPost.title, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: browsedPost.title, exact: true })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: browsedPage.title, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: browsedPage.title, exact: true })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Stats", exact: true }).click();
  await new StatsPage(page).activeNow.waitFor();
  await page.reload();
  await new StatsPage(page).activeNow.waitFor();

  expect(await context.cookies()).toEqual([]);
  expect(await page.evaluate(() => document.cookie)).toBe("");
  // The checks below must have had something to check: page loads and the live connection.
  expect(urls.length).toBeGreaterThan(10);
  expect(sockets.length).toBeGreaterThan(0);
  for (const url of [...urls, ...sockets]) {
    expect(LOCAL_HOSTS.has(new URL(url).hostname), url).toBe(true);
  }
});
