import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { THEME_STORAGE_KEY, THEMES } from "../src/theme/themes.ts";
import { axeViolations } from "./helpers/axe.ts";
import { contentForTests } from "./helpers/content.ts";

// Issue 19: countries on a map, and the "Last 30 minutes" view that shows a view as it arrives.
const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function newPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  return context.newPage();
}

/** The time the page sent its first recordPageView mutation over its socket. */
function viewSent(page: Page): Promise<number> {
  return new Promise((resolve) =>
    page.on("websocket", (socket) =>
      socket.on("framesent", ({ payload }) => {
        const text = typeof payload === "string" ? payload : payload.toString("utf8");
        if (text.includes('"stats:recordPageView')) resolve(Date.now());
      }),
    ),
  );
}

const panel = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

test("a reader in Tokyo shades Japan on the Countries map, which says so in words; Download all zips the view", async ({ browser }) => {
  const { posts } = await contentForTests();
  // The country comes from the browser's time zone.
  const reader = await newPage(browser, { timezoneId: "Asia/Tokyo" });
  const sent = viewSent(reader);
  await reader.goto(posts[0]!.path);
  await sent;

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  const stats = await context.newPage();
  await stats.goto("/stats?range=today&country=JP");
  const countries = panel(stats, "Countries");
  const map = countries.getByRole("img", { name: /^World map of visitors by country: Japan \d+/ });
  await expect(map).toBeVisible();
  await expect(map.locator('[data-country="JP"]')).toHaveAttribute("data-level", "5");
  await expect(map.locator('[data-country="DE"]')).not.toHaveAttribute("data-level", /./);
  await expect(countries.getByRole("rowheader", { name: "Japan" })).toBeVisible();

  // The whole view in one file: every list and the chart, each saying what it holds.
  const download = stats.waitForEvent("download");
  await stats.getByRole("button", { name: "Download all as CSV (zip)" }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^stats-all-today-(\d{4}-\d{2}-\d{2})_\1-country-JP\.zip$/);
  const files = unzipSync(new Uint8Array(readFileSync(await saved.path())));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(["chart.csv", "page.csv", "country.csv", "device.csv"]));
  const country = strFromU8(files["country.csv"]!).split("\r\n");
  expect(country[0]).toMatch(/^# Country · Today · .+ · Country: Japan$/);
  expect(country[2]).toMatch(/^Japan,JP,\d+,\d+,,,$/);
  // The chart's file carries every metric the chart can draw.
  const chart = strFromU8(files["chart.csv"]!).split("\r\n");
  expect(chart[0]).toMatch(/^# Traffic per hour · Today · .+ · Country: Japan$/);
  expect(chart[1]).toBe("start,visitors,visits,views,views per visit,bounce rate,visit duration seconds");
});

test("the realtime list shows a new view within 2 s of it being sent", async ({ browser }) => {
  const { posts } = await contentForTests();
  const post = posts[1]!;
  const stats = await newPage(browser, { viewport: { width: 375, height: 800 } });
  await stats.goto("/stats");
  const realtime = panel(stats, "Last 30 minutes");
  const list = realtime.getByRole("list", { name: "Latest views, newest first" });
  await expect(realtime.getByRole("table", { name: /per minute/ })).toBeAttached();

  const reader = await newPage(browser, { timezoneId: "Europe/Berlin", viewport: { width: 375, height: 800 }, screen: { width: 375, height: 800 } });
  const sent = viewSent(reader);
  await reader.goto(`${post.path}?utm_source=newsletter`, { referer: "https://news.ycombinator.com/" });
  const at = await sent;
  const arrived = list.locator("li[data-new]", { hasText: post.title });
  await expect(arrived).toBeVisible({ timeout: Math.max(0, at + 2_000 - Date.now()) });
  await expect(arrived).toContainText("Hacker News · Germany · Mobile");
});

// More countries than a panel lists, so "Show all" opens the details dialog.
const ZONES = [
  "Asia/Tokyo",
  "Europe/Berlin",
  "Europe/Paris",
  "America/New_York",
  "America/Sao_Paulo",
  "Australia/Sydney",
  "Asia/Kolkata",
  "Africa/Johannesburg",
  "Europe/Madrid",
  "America/Mexico_City",
];

test("the map, the realtime view and the details dialog pass axe in every theme at 375 and 1280 px", async ({ browser }) => {
  test.setTimeout(300_000);
  for (const timezoneId of ZONES) {
    const reader = await newPage(browser, { timezoneId });
    const sent = viewSent(reader);
    await reader.goto("/");
    await sent;
  }
  const found: string[] = [];
  const check = async (page: Page, where: string, coloursOnly: boolean) => found.push(...(await axeViolations(page, where, { coloursOnly })));
  for (const viewport of [
    { width: 375, height: 667 },
    { width: 1280, height: 800 },
  ]) {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [THEME_STORAGE_KEY, THEMES[0]] as const);
    const page = await context.newPage();
    await page.goto("/stats?range=today");
    const countries = panel(page, "Countries");
    await expect(countries.locator("svg[data-ready]")).toBeVisible();
    await expect(panel(page, "Last 30 minutes").getByRole("listitem").first()).toBeVisible();
    await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
    // One load per width; the toggle then cycles through the themes in THEMES order.
    for (const [index, theme] of THEMES.entries()) {
      if (index > 0) await page.getByRole("button", { name: /^Theme: / }).click();
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await check(page, `${theme} ${viewport.width}px`, index > 0);
      await countries.getByRole("button", { name: /^Show all/ }).click();
      const dialog = page.getByRole("dialog", { name: "Countries" });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole("status")).toHaveText(/^\d+ rows$/);
      await check(page, `${theme} ${viewport.width}px, details dialog`, index > 0);
      await page.keyboard.press("Escape");
      await expect(dialog).toHaveCount(0);
    }
  }
  expect(found).toEqual([]);
});
