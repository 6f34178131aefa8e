// Private mode (issue #9) on a stack of its own, started with
// STATS_ACCESS=private: without a key no figure reaches the page or the
// protocol; the owner's key shows them and the read-only share link; the
// share link opens them read-only in another browser.
import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { api } from "../convex/_generated/api";
import type { StatsKeys } from "../local/statsKeys.ts";
import { STATS_KEY_STORAGE } from "../src/pages/stats/dashboard/useStatsKey.ts";
import { THEME_STORAGE_KEY, THEMES } from "../src/theme/themes.ts";
import { axeViolations } from "./helpers/axe.ts";
import { startDevStack, type DevStack } from "./helpers/devStack.ts";
import { recordLayoutShift, settledLayoutShift } from "./helpers/layoutShift.ts";

let stack: DevStack;
let keys: StatsKeys;
let http: ConvexHttpClient;
const SEEDED_VIEWS = 3;
const dashboardArgs = { range: "all" as const, anchor: Date.now(), filters: [] };
/** Every query that carries traffic, with its arguments. */
const TRAFFIC_QUERIES: Array<[string, Record<string, unknown>]> = [
  ["stats:getStats", {}],
  ["dashboard:summary", dashboardArgs],
  ["dashboard:series", dashboardArgs],
  ["dashboard:breakdown", { ...dashboardArgs, dimension: "page" }],
  ["searchStats:terms", dashboardArgs],
  ["feedStats:subscribers", dashboardArgs],
];

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(200_000);
  stack = await startDevStack({ STATS_ACCESS: "private" });
  keys = stack.statsKeys();
  http = new ConvexHttpClient(stack.backendUrl, { logger: false });
  // Views are recorded whatever the mode: only reading them needs a key.
  for (let i = 0; i < SEEDED_VIEWS; i++) {
    await http.mutation(api.stats.recordPageView, { path: "/", pageType: "home", sessionId: randomUUID() });
  }
});

test.afterAll(async () => {
  test.setTimeout(90_000);
  await stack?.stop();
});

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function freshPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack.siteUrl, viewport: { width: 1280, height: 900 }, ...options });
  contexts.push(context);
  return await context.newPage();
}

async function refusal(call: Promise<unknown>): Promise<unknown> {
  return await call.then(
    () => "answered",
    (e: unknown) => (e instanceof ConvexError ? (e.data as { code?: string }).code : String(e)),
  );
}

/** The headline's Views figure (visitors, visits, views: the third); "" while it loads. */
const totalViews = (page: Page) => page.locator(".dash-figure__value").nth(2);
/** The figure as a number, 0 while it loads (a poll must not stop on the skeleton). */
const shownViews = async (page: Page) => Number((await totalViews(page).innerText()).replace(/[^\d]/g, "") || 0);

test("without the key, /stats asks for it and shows no figure; the queries refuse over the protocol", async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto("/stats");
  await expect(page.getByRole("heading", { name: "These stats are private" })).toBeVisible();
  await expect(page.getByLabel("Stats key")).toBeVisible();
  const stats = page.locator("section.stats");
  // No card, headline, chart, panel or table; no digit anywhere in the stats section.
  for (const selector of [".stats-card", ".dash", ".dash-figure", ".dash-panel", "table", "svg"]) {
    await expect(stats.locator(selector)).toHaveCount(0);
  }
  expect(await stats.innerText()).not.toMatch(/\d/);
  await expect(page.getByRole("button", { name: "Share read-only link" })).toHaveCount(0);

  for (const [name, args] of TRAFFIC_QUERIES) {
    const ref = makeFunctionReference<"query">(name);
    expect(await refusal(http.query(ref, args)), name).toBe("PRIVATE");
    expect(await refusal(http.query(ref, { ...args, key: "not-the-key-0123456789" })), name).toBe("PRIVATE");
    expect(await refusal(http.query(ref, { ...args, key: keys.shareKey })), name).toBe("answered");
  }
  expect(await refusal(http.query(api.dashboard.shareLink, {}))).toBe("PRIVATE");
  expect(await http.query(api.dashboard.shareLink, { key: keys.shareKey })).toBeNull();
  expect(await http.query(api.dashboard.shareLink, { key: keys.ownerKey })).toEqual({ shareKey: keys.shareKey });
});

test("the owner's key shows the figures and the read-only link, which opens them read-only elsewhere", async ({ browser }) => {
  const owner = await freshPage(browser, { permissions: ["clipboard-read", "clipboard-write"] });
  await owner.goto("/stats");
  await owner.getByLabel("Stats key").fill(keys.ownerKey);
  await owner.getByRole("button", { name: "Show stats" }).click();
  await expect.poll(() => shownViews(owner)).toBeGreaterThanOrEqual(SEEDED_VIEWS);
  await expect(owner.getByRole("region", { name: "Pages", exact: true })).toBeVisible();

  await owner.getByRole("button", { name: "Share read-only link" }).click();
  const link = owner.getByLabel("Read-only link");
  const shareUrl = `${stack.siteUrl}/stats?key=${keys.shareKey}`;
  await expect(link).toHaveValue(shareUrl);
  await owner.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(owner.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
  expect(await owner.evaluate(() => navigator.clipboard.readText())).toBe(shareUrl);

  // A reload keeps the key: asked once per browser.
  await owner.reload();
  await expect(owner.getByRole("button", { name: "Share read-only link" })).toBeVisible();

  const viewer = await freshPage(browser);
  await viewer.goto(shareUrl);
  await expect.poll(() => shownViews(viewer)).toBeGreaterThanOrEqual(SEEDED_VIEWS);
  await expect(viewer.getByText("Read-only", { exact: true })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Share read-only link" })).toHaveCount(0);
  await expect(viewer).toHaveURL(`${stack.siteUrl}/stats`);

  // Forgetting the key closes the stats in that browser again.
  await viewer.getByRole("button", { name: "Forget this key" }).click();
  await expect(viewer.getByLabel("Stats key")).toBeVisible();
  await viewer.reload();
  await expect(viewer.getByLabel("Stats key")).toBeVisible();
  expect(await viewer.locator("section.stats").innerText()).not.toMatch(/\d/);
});

test("a link's key never replaces the owner's stored key: the owner is told what it holds and chooses", async ({ browser }) => {
  const owner = await freshPage(browser);
  await owner.addInitScript(([name, value]) => localStorage.setItem(name, value), [STATS_KEY_STORAGE, keys.ownerKey] as const);
  const stored = () => owner.evaluate((name) => localStorage.getItem(name), STATS_KEY_STORAGE);

  // A wrong key in a link: said, and nothing is deleted or asked for.
  await owner.goto("/stats?key=not-the-key-0123456789");
  await expect(owner.getByRole("region", { name: "This link holds a key that is not accepted." })).toBeVisible();
  await expect(owner.getByRole("button", { name: "Use the link's key" })).toHaveCount(0);
  await expect(owner.getByRole("button", { name: "Share read-only link" })).toBeVisible();
  await expect(owner.getByLabel("Stats key")).toHaveCount(0);
  await expect(owner).toHaveURL(`${stack.siteUrl}/stats`);
  expect(await stored()).toBe(keys.ownerKey);

  // The share link: still the owner until the owner chooses; "Keep mine" keeps it.
  await owner.goto(`/stats?key=${keys.shareKey}`);
  const notice = owner.getByRole("region", { name: "This link holds a read-only key." });
  await expect(notice).toContainText("This browser keeps the owner's key");
  await expect(owner.getByRole("button", { name: "Share read-only link" })).toBeVisible();
  await owner.getByRole("button", { name: "Keep mine" }).click();
  await expect(notice).toHaveCount(0);
  expect(await stored()).toBe(keys.ownerKey);
  await owner.reload();
  await expect(owner.getByRole("button", { name: "Share read-only link" })).toBeVisible();

  // …and "Use the link's key" turns this browser read-only, on purpose.
  await owner.goto(`/stats?key=${keys.shareKey}`);
  await owner.getByRole("button", { name: "Use the link's key" }).click();
  await expect(owner.getByText("Read-only", { exact: true })).toBeVisible();
  await expect(owner.getByRole("button", { name: "Share read-only link" })).toHaveCount(0);
  expect(await stored()).toBe(keys.shareKey);
});

test("with a stored key, the key bar and the figures arrive without shifting the page", async ({ browser }) => {
  const shifts: string[] = [];
  for (const width of [375, 1280]) {
    for (const [role, key] of [
      ["owner", keys.ownerKey],
      ["share", keys.shareKey],
    ] as const) {
      const page = await freshPage(browser, { viewport: { width, height: 800 } });
      await page.addInitScript(([name, value]) => localStorage.setItem(name, value), [STATS_KEY_STORAGE, key] as const);
      await recordLayoutShift(page);
      await page.goto("/stats");
      await expect(page.getByRole("button", { name: "Forget this key" })).toBeVisible();
      const cls = await settledLayoutShift(page);
      // The same bound as e2e/layout-shift.spec.ts.
      if (cls > 0.01) shifts.push(`${role} at ${width}px: ${cls.toFixed(4)}`);
    }
  }
  expect(shifts).toEqual([]);
});

test("the key prompt, the owner's share panel and the read-only view pass axe in every theme at 375 and 1280 px", async ({ browser }) => {
  test.setTimeout(360_000);
  const found: string[] = [];
  for (const width of [375, 1280]) {
    for (const [index, theme] of THEMES.entries()) {
      const check = async (page: Page, label: string) => {
        await expect(page.locator("[data-loading], [aria-busy=true]")).toHaveCount(0);
        found.push(...(await axeViolations(page, label, { coloursOnly: index > 0 })));
      };
      const page = await freshPage(browser, { viewport: { width, height: 800 } });
      await page.addInitScript(([name, value]) => localStorage.setItem(name, value), [THEME_STORAGE_KEY, theme] as const);
      const label = `${theme} ${width}px`;
      await page.goto("/stats");
      await expect(page.getByLabel("Stats key")).toBeVisible();
      await check(page, `${label} prompt`);
      await page.getByLabel("Stats key").fill(keys.ownerKey);
      await page.getByRole("button", { name: "Show stats" }).click();
      await page.getByRole("button", { name: "Share read-only link" }).click();
      await expect(page.getByLabel("Read-only link")).toBeVisible();
      await check(page, `${label} owner`);
      // A share link opened by the owner: the notice, then (on a phone, where
      // the read-only badge wraps) the read-only view the owner switches to.
      await page.goto(`/stats?key=${keys.shareKey}`);
      await expect(page.getByRole("region", { name: "This link holds a read-only key." })).toBeVisible();
      await check(page, `${label} link notice`);
      if (width === 375) {
        await page.getByRole("button", { name: "Use the link's key" }).click();
        await expect(page.getByText("Read-only", { exact: true })).toBeVisible();
        await check(page, `${label} share`);
      }
      await page.context().close();
    }
  }
  expect(found).toEqual([]);
});
