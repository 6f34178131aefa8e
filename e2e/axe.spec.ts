// Every route passes axe in every theme, on a phone and a desktop: no
// violation of any impact, minor and moderate (heading-order) included.
import { expect, test } from "@playwright/test";
import { THEME_STORAGE_KEY, THEMES } from "../src/theme/themes.ts";
import { axeViolations } from "./helpers/axe.ts";
import { readerPaths } from "./helpers/content.ts";

const VIEWPORTS = [
  { width: 375, height: 667 },
  { width: 1280, height: 800 },
];

for (const viewport of VIEWPORTS) {
  test(`no axe violations in any theme at ${viewport.width}px`, async ({ browser }) => {
    test.setTimeout(600_000);
    const paths = await readerPaths();
    const context = await browser.newContext({ viewport });
    // Each load starts in the first theme; the toggle then cycles through the rest in THEMES order.
    await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [THEME_STORAGE_KEY, THEMES[0]] as const);
    const page = await context.newPage();
    const found: string[] = [];
    for (const path of paths) {
      // One load per route, not per theme: a page load of the dev server costs far more than switching themes in place.
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.locator("[data-loading], [aria-busy=true]")).toHaveCount(0);
      for (const [index, theme] of THEMES.entries()) {
        if (index > 0) await page.getByRole("button", { name: /^Theme: / }).click();
        await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
        found.push(...(await axeViolations(page, `${path} in ${theme}`, { coloursOnly: index > 0 })));
      }
    }
    await context.close();
    expect(found).toEqual([]);
  });
}
