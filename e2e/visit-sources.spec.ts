import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { ENGAGED_IDLE_MS } from "../convex/constants.ts";
import { contentForTests } from "./helpers/content.ts";

// Issue 17: every landing counted, sources named as people name them, engaged time that means reading.
const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

const PHONE_IN_BERLIN = {
  viewport: { width: 375, height: 800 },
  screen: { width: 375, height: 800 },
  timezoneId: "Europe/Berlin",
};

async function reader(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  return context.newPage();
}

/** Resolves once the page has sent `count` recordPageView mutations over its socket. */
function countViews(page: Page): () => number {
  let views = 0;
  page.on("websocket", (socket) =>
    socket.on("framesent", ({ payload }) => {
      const text = typeof payload === "string" ? payload : payload.toString("utf8");
      if (text.includes('"stats:recordPageView')) views += 1;
    }),
  );
  return () => views;
}

const panel = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const row = (table: Locator, name: RegExp | string) =>
  table.getByRole("row").filter({ has: table.page().getByRole("rowheader", { name, exact: typeof name === "string" }) });
const visitorsOf = async (r: Locator) => Number((await r.getByRole("cell").first().innerText()).replace(/[^\d]/g, ""));

async function openStats(browser: Browser, query: string): Promise<Page> {
  const page = await reader(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`/stats?range=today${query}`);
  await expect(panel(page, "Sources")).toBeVisible();
  return page;
}

test("a reader from DuckDuckGo lands on a tag page and opens a post: /stats shows DuckDuckGo, their device and country", async ({ browser }) => {
  const { posts } = await contentForTests();
  const post = posts.find((p) => p.slug === "how-this-site-is-built");
  expect(post, "content/ needs the post tagged design").toBeDefined();

  const page = await reader(browser, PHONE_IN_BERLIN);
  const views = countViews(page);
  await page.goto("/tags/design", { referer: "https://duckduckgo.com/" });
  await page.getByRole("link", { name: post!.title }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: post!.title, exact: true })).toBeVisible();
  await expect.poll(views).toBe(2);

  const stats = await openStats(browser, "&source=DuckDuckGo");
  await expect(row(panel(stats, "Devices").getByRole("table"), "Mobile")).toBeVisible();
  await expect(row(panel(stats, "Countries").getByRole("table"), /Germany/)).toBeVisible();
  const entries = panel(stats, "Pages");
  await entries.getByRole("tab", { name: "Entry pages" }).click();
  await expect(row(entries.getByRole("table"), "/tags/design")).toBeVisible();
});

test("readers from google.de and google.com are one Google row with 2 visitors, which opens to both hosts", async ({ browser }) => {
  const { posts } = await contentForTests();
  // A campaign of this test's own: filtered by it, Google's row holds these two readers, whoever else came from Google today.
  for (const referer of ["https://www.google.de/", "https://www.google.com/"]) {
    const page = await reader(browser);
    const views = countViews(page);
    await page.goto(`${posts[1]!.path}?utm_campaign=two-googles`, { referer });
    await expect.poll(views).toBe(1);
  }
  const stats = await openStats(browser, "&utmCampaign=two-googles");
  const google = row(panel(stats, "Sources").getByRole("table"), "Google");
  await expect(google).toBeVisible();
  await expect.poll(() => visitorsOf(google)).toBe(2);

  await google.getByRole("button").click();
  const hosts = panel(stats, "Sources").getByRole("table", { name: "Hosts of Google" });
  await expect(row(hosts, "google.de")).toBeVisible();
  await expect(row(hosts, "google.com")).toBeVisible();
});

test("a reader from https://www.bing.com./ is counted, with its source", async ({ browser }) => {
  const { posts } = await contentForTests();
  const page = await reader(browser);
  const views = countViews(page);
  await page.goto(posts[2]!.path, { referer: "https://www.bing.com./" });
  await expect.poll(views).toBe(1);

  const stats = await openStats(browser, "");
  await expect(row(panel(stats, "Sources").getByRole("table"), "Bing")).toBeVisible();
  await panel(stats, "Sources").getByRole("tab", { name: "Channels" }).click();
  await expect(row(panel(stats, "Sources").getByRole("table"), "Search")).toBeVisible();
});

test("an idle visible tab adds at most the idle window to engaged time", async ({ browser }) => {
  const { posts } = await contentForTests();
  const page = await reader(browser);
  await page.clock.install();
  const views = countViews(page);
  await page.goto(posts[3]!.path);
  await expect.poll(views).toBe(1);

  // Four hours on screen, nobody touching it; then the tab goes to the background.
  await page.clock.fastForward("04:00:00");
  const beacon = page.waitForRequest((request) => new URL(request.url()).pathname === "/presence/engaged");
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  const body = JSON.parse((await beacon).postData() ?? "null") as { engagedMs: number };
  expect(body.engagedMs).toBeGreaterThan(0);
  expect(body.engagedMs).toBeLessThanOrEqual(ENGAGED_IDLE_MS);
});

test("a renamed post's old URL redirects to it, and the view counts as the post's", async ({ browser, request }) => {
  // content/blog/whats-in-the-box.md lists `aliases: [feature-checklist]`.
  const answer = await request.get("/feature-checklist?ref=hn", { headers: { accept: "text/html" }, maxRedirects: 0 });
  expect(answer.status()).toBe(301);
  expect(answer.headers().location).toBe("/whats-in-the-box?ref=hn");

  const page = await reader(browser);
  const views = countViews(page);
  await page.goto("/feature-checklist");
  await expect(page).toHaveURL(/\/whats-in-the-box$/);
  await expect(page.getByRole("heading", { level: 1, name: "What's in the box: a feature checklist" })).toBeVisible();
  await expect.poll(views).toBe(1);

  // /stats lists the view under the post's title; the old path has no row of its own.
  const stats = await openStats(browser, "");
  const pages = panel(stats, "Pages").getByRole("table");
  await expect(row(pages, "What's in the box: a feature checklist")).toBeVisible();
  await expect(row(pages, "/feature-checklist")).toHaveCount(0);
});
