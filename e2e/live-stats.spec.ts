import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { contentForTests, type Entry } from "./helpers/content.ts";
import { StatsPage } from "./helpers/statsPage.ts";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Every context is a new visitor: its own localStorage, so its own session id.
const contexts: BrowserContext[] = [];
async function visitor(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

/** Opens /stats and notes every navigation of its page, so a test can check it never reloaded. */
async function openStats(browser: Browser) {
  const page = await visitor(browser);
  const stats = new StatsPage(page);
  await stats.open();
  const navigations: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  await page.evaluate(() => ((window as { e2eMarker?: string }).e2eMarker = "set before"));
  const assertNotReloaded = async () => {
    expect(navigations).toEqual([]);
    expect(await page.evaluate(() => (window as { e2eMarker?: string }).e2eMarker)).toBe("set before");
  };
  return { stats, assertNotReloaded };
}

async function openEntry(page: Page, entry: Entry) {
  await page.goto(entry.path);
  await expect(page.getByRole("heading", { level: 1, name: entry.title, exact: true })).toBeVisible();
}

test("/stats updates live, without a reload, when another visitor opens a post", async ({ browser }) => {
  const { livePost } = await contentForTests();
  const { stats, assertNotReloaded } = await openStats(browser);
  const before = await stats.viewsOf(livePost.title);
  await expect(stats.activeOn(livePost.path)).toHaveCount(0);

  await openEntry(await visitor(browser), livePost);

  await expect(stats.activeOn(livePost.path)).toHaveText(new RegExp(`^${escapeRegExp(livePost.title)}\\s*1$`));
  expect(await stats.activeVisitors()).toBeGreaterThanOrEqual(1);
  await expect.poll(() => stats.viewsOf(livePost.title)).toBe(before + 1);
  await assertNotReloaded();
});

test("revisiting a post within 30 minutes adds no view", async ({ browser }) => {
  const { revisitedPost, pageAfterRevisit } = await contentForTests();
  const { stats } = await openStats(browser);
  const before = await stats.viewsOf(revisitedPost.title);
  const pageBefore = await stats.viewsOf(pageAfterRevisit.title);

  const reader = await visitor(browser);
  await openEntry(reader, revisitedPost);
  await expect.poll(() => stats.viewsOf(revisitedPost.title)).toBe(before + 1);

  // Away and back inside the app, then a full reload of the post.
  await reader.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home", exact: true }).click();
  await reader.getByRole("region", { name: "Posts" }).getByRole("link", { name: revisitedPost.title, exact: true }).click();
  await expect(reader.getByRole("heading", { level: 1, name: revisitedPost.title, exact: true })).toBeVisible();
  await reader.reload();
  await expect(reader.getByRole("heading", { level: 1, name: revisitedPost.title, exact: true })).toBeVisible();

  // One client sends its views in order: once this later view shows, the revisits were handled.
  await reader.getByRole("navigation", { name: "Main" }).getByRole("link", { name: pageAfterRevisit.title, exact: true }).click();
  await expect.poll(() => stats.viewsOf(pageAfterRevisit.title)).toBe(pageBefore + 1);
  expect(await stats.viewsOf(revisitedPost.title)).toBe(before + 1);
});

test("closing the other visitor's browser drops it from Active Now within 5 s, well before the session timeout", async ({ browser }) => {
  const { timeoutPost } = await contentForTests();
  const { stats, assertNotReloaded } = await openStats(browser);
  const reader = await visitor(browser);
  await openEntry(reader, timeoutPost);
  await expect(stats.activeOn(timeoutPost.path)).toHaveCount(1);

  const closedAt = Date.now();
  await reader.context().close();
  await expect(stats.activeOn(timeoutPost.path)).toHaveCount(0, { timeout: 5_000 });
  expect(Date.now() - closedAt).toBeLessThan(5_000);
  await assertNotReloaded();
});
