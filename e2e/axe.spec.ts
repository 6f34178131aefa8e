// Every route passes axe in every theme, on a phone and a desktop: no
// violation of any impact, minor and moderate (heading-order) included.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { THEME_STORAGE_KEY, THEMES } from "../src/theme/themes.ts";
import { readerPaths } from "./helpers/content.ts";

const VIEWPORTS = [
  { width: 375, height: 667 },
  { width: 1280, height: 800 },
];

for (const viewport of VIEWPORTS) {
  for (const theme of THEMES) {
    test(`no axe violations in ${theme} at ${viewport.width}px`, async ({ browser }) => {
      test.setTimeout(240_000);
      const paths = await readerPaths();
      const context = await browser.newContext({ viewport });
      await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [THEME_STORAGE_KEY, theme] as const);
      const page = await context.newPage();
      const found: string[] = [];
      for (const path of paths) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await expect(page.locator("[data-loading], [aria-busy=true]")).toHaveCount(0);
        const { violations } = await new AxeBuilder({ page }).analyze();
        for (const v of violations) found.push(`${path}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(" | ")}`);
      }
      await context.close();
      expect(found).toEqual([]);
    });
  }
}
