// Issue 20's writer insights: site searches, feed subscribers and scroll depth on /stats.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { contentForTests } from "./helpers/content.ts";
import { parseCount } from "./helpers/statsPage.ts";
import { tracked } from "./helpers/tracking.ts";

const panel = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const row = (table: Locator, name: RegExp | string) => table.getByRole("row").filter({ has: table.page().getByRole("rowheader", { name }) });

async function openSearch(page: Page): Promise<Locator> {
  await expect(page.getByRole("button", { name: "Search" })).toBeVisible();
  const box = page.getByRole("combobox", { name: "Search posts and pages" });
  await expect(async () => {
    if ((await box.count()) === 0) await page.keyboard.press("/");
    await expect(box).toBeFocused({ timeout: 2_000 });
  }).toPass();
  return box;
}

test("a search that finds nothing shows its term on /stats, marked, under its reader's country filter and with the page searched on", async ({ browser }) => {
  const term = "quetzalcoatlus";
  // A zone no other spec searches from (New Zealand): the Searches panel follows the country filter.
  const context = await browser.newContext({ timezoneId: "Pacific/Auckland" });
  const page = await context.newPage();
  await tracked(page, () => page.goto("/"));
  const box = await openSearch(page);
  await box.pressSequentially(term);
  await expect(page.getByRole("status").filter({ hasText: `Nothing matches` })).toBeVisible();
  // Closing the dialog settles the typing: the term counts once.
  await page.keyboard.press("Escape");
  await expect(box).toHaveCount(0);

  const owner = await browser.newPage();
  await owner.goto("/stats?range=today&country=NZ");
  const searches = panel(owner, "Searches");
  const found = row(searches.getByRole("table"), new RegExp(term));
  await expect(found).toBeVisible();
  await expect(found).toContainText("no result");
  // Two filters both apply: the page searched on with the country lists it, another page with it does not.
  await owner.goto("/stats?range=today&country=NZ&page=%2F");
  await expect(row(panel(owner, "Searches").getByRole("table"), new RegExp(term))).toBeVisible();
  await owner.goto("/stats?range=today&country=NZ&page=%2Fabout");
  const otherPage = panel(owner, "Searches");
  await expect(otherPage.locator("[aria-busy=true]")).toHaveCount(0);
  await expect(otherPage.getByText(term)).toHaveCount(0);
  // Under another country the term is not listed: the panel follows the filter.
  await owner.goto("/stats?range=today&country=JP");
  const elsewhere = panel(owner, "Searches");
  await expect(elsewhere.locator("[aria-busy=true]")).toHaveCount(0);
  await expect(elsewhere.getByText(term)).toHaveCount(0);
  await owner.close();
  await context.close();
});

test("fetching the feed as Feedly reporting 42 subscribers shows 42", async ({ page, request }) => {
  const feedly = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; feed-id=e2e-feed)";
  expect((await request.get("/rss.xml", { headers: { "User-Agent": feedly } })).status()).toBe(200);

  await page.goto("/stats?range=today");
  const feeds = panel(page, "Feed subscribers");
  const feedlyRow = row(feeds.getByRole("table"), "Feedly");
  await expect(feedlyRow.getByRole("cell").nth(1)).toHaveText("42");
  await expect(feeds.getByTestId("feed-total")).toHaveText(/42/);
  await expect(feeds.getByRole("list", { name: "Fetches per day" }).getByRole("listitem")).not.toHaveCount(0);
});

test("scrolling to the end of a post shows its scroll depth near 100%", async ({ browser }) => {
  const { timeoutPost } = await contentForTests();
  // A zone no other spec reads from (New Zealand): the Scroll column is a mean over
  // the page's views, and earlier specs read this post without scrolling.
  const context = await browser.newContext({ viewport: { width: 375, height: 640 }, timezoneId: "Pacific/Auckland" });
  const reader = await context.newPage();
  await reader.goto(timeoutPost.path);
  await expect(reader.getByRole("heading", { level: 1, name: timeoutPost.title })).toBeVisible();
  await expect(reader.locator("article.entry .prose")).not.toBeEmpty();
  // Step down the page as a reader would, to its very end.
  await expect(async () => {
    await reader.mouse.wheel(0, 600);
    const atEnd = await reader.evaluate(() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2);
    expect(atEnd).toBe(true);
  }).toPass({ timeout: 30_000 });
  // Leaving sends the visit's engagement report, with its depth.
  await context.close();

  const owner = await browser.newPage();
  await owner.goto("/stats?range=today&country=NZ");
  const pages = panel(owner, "Pages");
  const post = row(pages.getByRole("table", { name: "Top pages" }), timeoutPost.title);
  // Cells: visitors, views, engaged time, read completion, scroll.
  await expect(post.getByRole("cell").nth(4)).toHaveText(/%/);
  expect(parseCount(await post.getByRole("cell").nth(4).innerText())).toBeGreaterThanOrEqual(95);
  await owner.close();
});
