import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { tracked } from "./helpers/tracking.ts";

// Issue 20: missing pages and who links to them, outbound clicks, goals.
const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function reader(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

const panel = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

async function openStats(browser: Browser): Promise<Page> {
  const page = await reader(browser);
  await page.goto("/stats?range=today");
  await expect(panel(page, "Not found")).toBeVisible();
  return page;
}

test("a reader from another site hits a missing URL: Not found lists the path and the source", async ({ browser }) => {
  const page = await reader(browser);
  await tracked(page, () => page.goto("/an-old-link-from-hn", { referer: "https://news.ycombinator.com/item?id=1" }));
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();

  const stats = await openStats(browser);
  const table = panel(stats, "Not found").getByRole("table", { name: "Missing pages" });
  const row = table.getByRole("row").filter({ hasText: "/an-old-link-from-hn" });
  await expect(row).toContainText("from: Hacker News (1)");
});

test("a click on an outbound link in a post shows its host under Links, and the host's link on drill-down", async ({ browser }) => {
  const page = await reader(browser);
  // No internet here: the other site answers from the test.
  await page.context().route("https://highlightjs.org/**", (route) => route.fulfill({ contentType: "text/html", body: "<h1>elsewhere</h1>" }));
  await tracked(page, () => page.goto("/syntax-highlighting-without-javascript"));
  const beacon = page.waitForRequest((request) => request.url().endsWith("/presence/click") && request.method() === "POST");
  await page.locator('article a[href="https://highlightjs.org/"]').first().click();
  const sent = await beacon;
  expect(JSON.parse(sent.postData() ?? "{}")).toMatchObject({ url: "https://highlightjs.org/", page: "/syntax-highlighting-without-javascript" });
  await expect(page.getByRole("heading", { name: "elsewhere" })).toBeVisible();

  const stats = await openStats(browser);
  const links = panel(stats, "Links");
  await links.getByRole("button", { name: "highlightjs.org" }).click();
  await expect(links.getByRole("table", { name: "Links to highlightjs.org" })).toContainText("on: Syntax highlighting");
});

test("a goal defined in goals.config.ts shows its conversions, and its click filters the dashboard", async ({ browser }) => {
  const page = await reader(browser);
  await tracked(page, () => page.goto("/about"));

  const stats = await openStats(browser);
  const goals = panel(stats, "Goals");
  const row = goals.getByRole("row").filter({ hasText: "Read the About page" });
  await expect(row.getByRole("cell").nth(1)).not.toHaveText("0");
  await row.getByRole("button", { name: "Read the About page" }).click();
  await expect(stats).toHaveURL(/goal=about/);
  await expect(stats.getByRole("list", { name: "Filters" })).toContainText("Page: ");
});
