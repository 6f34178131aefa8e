// Issue 19's chart: a headline figure picks what is charted, a custom range
// lives in the URL, and the date form passes axe on a phone and a desktop.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { THEME_STORAGE_KEY, THEMES } from "../src/theme/themes.ts";

const figure = (page: Page, label: string) =>
  page.locator(".dash-figure").filter({ has: page.locator("dt", { hasText: label }) }).locator(".dash-figure__pick");

/** A day `back` days before today in the site's zone (the local stack runs in UTC unless told). */
const daysAgo = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);

test("clicking Bounce rate charts bounce rate, in percent; Back returns to visitors", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/stats?range=7d");
  await expect(page.getByRole("group", { name: /^Visitors per day/ })).toBeVisible();
  const bounce = figure(page, "Bounce rate");
  await expect(bounce).toHaveAttribute("aria-pressed", "false");
  await bounce.click();
  await expect(page).toHaveURL(/metric=bounceRate/);
  await expect(bounce).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("group", { name: /^Bounce rate per day/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Bounce rate", exact: true })).toBeVisible();
  const axis = await page.locator(".dash-chart__grid text").allTextContents();
  expect(axis.length).toBeGreaterThan(0);
  for (const label of axis) expect(label).toMatch(/%$/);
  await page.goBack();
  await expect(page.getByRole("group", { name: /^Visitors per day/ })).toBeVisible();
  await expect(figure(page, "Visitors")).toHaveAttribute("aria-pressed", "true");
});

test("a custom range from the date form survives a reload; a bad one is refused with a reason", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto("/stats");
  await page.getByLabel("Range").selectOption("custom");
  const dialog = page.getByRole("dialog", { name: "Custom range" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("From")).toBeFocused();
  const from = daysAgo(20);
  const to = daysAgo(3);
  await dialog.getByLabel("From").fill(to);
  await dialog.getByLabel("To").fill(from);
  await dialog.getByRole("button", { name: "Show these days" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("The end date is before the start date.");
  await expect(dialog.getByLabel("To")).toBeFocused();
  await dialog.getByLabel("From").fill(from);
  await dialog.getByLabel("To").fill(to);
  await dialog.getByRole("button", { name: "Show these days" }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`from=${from}&to=${to}`));
  // 18 days: a point per day, each the day's start.
  const rows = page.getByRole("table", { name: "Visitors per day" }).locator("tbody tr");
  await expect(rows).toHaveCount(18);

  await page.reload();
  await expect(page).toHaveURL(new RegExp(`from=${from}&to=${to}`));
  await expect(rows).toHaveCount(18);
  const picked = await page.getByLabel("Range").evaluate((select: HTMLSelectElement) => select.value);
  expect(picked).toBe("custom");
  await expect(page.getByRole("button", { name: "Edit dates" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Weeks" })).toBeVisible();
});

for (const viewport of [
  { width: 375, height: 667 },
  { width: 1280, height: 800 },
]) {
  test(`the date form has no axe violations in any theme at ${viewport.width}px`, async ({ browser }) => {
    const context = await browser.newContext({ viewport });
    await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [THEME_STORAGE_KEY, THEMES[0]] as const);
    const page = await context.newPage();
    const found: string[] = [];
    await page.goto("/stats");
    await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
    for (const [index, theme] of THEMES.entries()) {
      if (index > 0) await page.getByRole("button", { name: /^Theme: / }).click();
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await page.getByLabel("Range").selectOption("custom");
      const dialog = page.getByRole("dialog", { name: "Custom range" });
      await dialog.getByLabel("To").fill("1999-01-01");
      await dialog.getByRole("button", { name: "Show these days" }).click();
      await expect(dialog.getByRole("alert")).not.toBeEmpty();
      const { violations } = await new AxeBuilder({ page }).include(".dash-dates").analyze();
      for (const v of violations) found.push(`${theme}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes[0]?.target.join(" ")}`);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(dialog).toBeHidden();
    }
    await context.close();
    expect(found).toEqual([]);
  });
}
