import { readFileSync } from "node:fs";
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { contentForTests } from "./helpers/content.ts";

// Issue #9's end-to-end story.
const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function readerFromHackerNews(browser: Browser, path: string): Promise<void> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 800 },
    screen: { width: 375, height: 800 },
    timezoneId: "Europe/Berlin",
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${path}?utm_source=newsletter`, { referer: "https://news.ycombinator.com/" });
}

const panel = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const row = (table: Locator, name: RegExp | string) =>
  table.getByRole("row").filter({ has: table.page().getByRole("rowheader", { name }) });

/** Views in today's chart (charting views), summed over its hourly buckets (read from its table alternative). */
async function todayViews(page: Page): Promise<number> {
  const table = page.getByRole("table", { name: /^Views per/ });
  const views = await table.getByRole("row").evaluateAll((rows) =>
    rows.map((row) => Number((row.querySelectorAll("td")[0]?.textContent ?? "0").replace(/\D/g, "") || "0")),
  );
  return views.reduce((sum, n) => sum + n, 0);
}

test("a reader from Hacker News on a newsletter link shows up on /stats, filters and exports", async ({ browser }) => {
  const { browsedPost } = await contentForTests();

  const owner = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contexts.push(owner);
  const page = await owner.newPage();
  await page.goto("/stats?range=today&metric=views");
  await expect(panel(page, "Sources")).toBeVisible();
  const before = await todayViews(page);

  await readerFromHackerNews(browser, browsedPost.path);

  const sources = panel(page, "Sources");
  await expect(row(sources.getByRole("table"), "Hacker News")).toBeVisible();
  await sources.getByRole("tab", { name: "UTM source" }).click();
  await expect(row(sources.getByRole("table"), "newsletter")).toBeVisible();
  await expect(row(panel(page, "Devices").getByRole("table"), "Mobile")).toBeVisible();
  await expect(row(panel(page, "Countries").getByRole("table"), /Germany/)).toBeVisible();
  await expect.poll(() => todayViews(page)).toBeGreaterThan(before);

  // A range switch and a filter change what the panels ask for and show.
  await page.getByLabel("Range").selectOption("30d");
  await expect(page).toHaveURL(/range=30d/);
  await panel(page, "Countries").getByRole("button", { name: /Germany/ }).click();
  await expect(page).toHaveURL(/country=DE/);
  await expect(page.getByRole("button", { name: /Remove filter Country/ })).toBeVisible();
  const countries = panel(page, "Countries").getByRole("table");
  await expect(countries.getByRole("rowheader")).toHaveCount(1);

  const download = page.waitForEvent("download");
  await panel(page, "Countries").getByRole("button", { name: "Download Countries as CSV" }).click();
  const saved = await download;
  // The name and the first line say the range, its days, the zone and the filter.
  expect(saved.suggestedFilename()).toMatch(/^stats-countries-30d-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}-country-DE\.csv$/);
  const csv = readFileSync(await saved.path(), "utf8");
  expect(csv.split("\r\n")[0]).toMatch(/^# Countries · Last 30 days · .+ \(UTC\) · Country: Germany$/);
  expect(csv.split("\r\n")[1]).toBe("name,value,visitors,views,avg engaged seconds,read completion,scroll depth");
  expect(csv).toMatch(/\r\nGermany,DE,\d+,\d+,,,\r\n/);
});

test("at 1280 px Pages sits beside Sources and Countries beside Devices; at 375 px they stack", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto("/stats");
  const box = async (name: string) => (await panel(page, name).boundingBox())!;
  await expect(panel(page, "Devices")).toBeVisible();
  const pages = await box("Pages");
  const sources = await box("Sources");
  const countries = await box("Countries");
  const devices = await box("Devices");
  for (const [left, right] of [
    [pages, sources],
    [countries, devices],
  ] as const) {
    expect(Math.abs(left.y - right.y)).toBeLessThan(1);
    expect(left.x + left.width).toBeLessThanOrEqual(right.x);
  }
  expect(countries.y).toBeGreaterThanOrEqual(pages.y + pages.height);

  await page.setViewportSize({ width: 375, height: 800 });
  const narrowPages = await box("Pages");
  const narrowSources = await box("Sources");
  expect(narrowSources.y).toBeGreaterThanOrEqual(narrowPages.y + narrowPages.height);
});

/** The figure prds/frontend.md gives for /stats at 1280 px with a few rows per panel, in 800 px screens. */
const MAX_SCREENS_AT_1280 = 2.6;

test("at 1280 px with a few rows per panel /stats fits in 2.6 screens: Active Now beside Last 30 minutes, the map beside its list", async ({ browser }) => {
  const { posts } = await contentForTests();
  // Readers of one campaign: filtered by it, the panels list only their rows, whatever other tests counted.
  const readers = [
    { path: posts[0]!.path, timezoneId: "Europe/Berlin", referer: "https://news.ycombinator.com/" },
    { path: posts[1]!.path, timezoneId: "Asia/Tokyo", referer: "https://www.google.com/" },
    { path: "/about", timezoneId: "America/New_York", referer: undefined },
  ];
  for (const { path, timezoneId, referer } of readers) {
    const context = await browser.newContext({ timezoneId, viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    await (await context.newPage()).goto(`${path}?utm_campaign=at-a-glance`, { referer });
  }

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto("/stats?range=today&utmCampaign=at-a-glance");
  await expect(panel(page, "Pages").getByRole("table").getByRole("rowheader")).toHaveCount(readers.length);
  await expect(panel(page, "Countries").getByRole("table").getByRole("rowheader")).toHaveCount(readers.length);
  await expect(panel(page, "Countries").locator("svg[data-ready]")).toBeVisible();
  await expect(panel(page, "Last 30 minutes").getByRole("list")).toBeVisible();

  const box = async (locator: Locator) => (await locator.boundingBox())!;
  const active = await box(page.getByRole("group", { name: "Active Now" }));
  const realtime = await box(panel(page, "Last 30 minutes"));
  expect(Math.abs(active.y - realtime.y)).toBeLessThan(1);
  expect(active.x + active.width).toBeLessThanOrEqual(realtime.x);
  const map = await box(panel(page, "Countries").getByRole("img", { name: /^World map/ }));
  const list = await box(panel(page, "Countries").getByRole("table"));
  expect(map.x + map.width).toBeLessThanOrEqual(list.x);

  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height / 800).toBeLessThanOrEqual(MAX_SCREENS_AT_1280);
});

test("Today's chart has no point after the current hour", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto("/stats?range=today");
  const table = page.getByRole("table", { name: "Visitors per hour" });
  await expect(table.locator("time").first()).toBeAttached();
  const starts = await table.locator("tbody time").evaluateAll((times) =>
    times.map((t) => Date.parse(t.getAttribute("datetime") ?? "")),
  );
  const now = Date.now();
  expect(starts.length).toBeGreaterThan(0);
  // The last bucket is the one now is in: nothing drawn ahead of it.
  expect(Math.max(...starts)).toBeLessThanOrEqual(now);
  expect(Math.max(...starts)).toBeGreaterThan(now - 60 * 60 * 1000);
  // The drawn line has a point per bucket and no more (a lone bucket is a dot).
  const line = page.locator("polyline.dash-chart__line:not(.dash-chart__line--previous)");
  if (starts.length > 1) expect((await line.getAttribute("points"))!.split(" ")).toHaveLength(starts.length);
});
