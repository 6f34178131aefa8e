import { test } from "@playwright/test";
import { THEME_STORAGE_KEY } from "../src/theme/themes";

for (const theme of ["tan", "dark"]) {
  for (const width of [375, 1280]) {
    test(`shots ${theme} ${width}`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await page.addInitScript(([key, value]) => localStorage.setItem(key!, value!), [THEME_STORAGE_KEY, theme]);
      await page.goto("/");
      await page.getByRole("button", { name: "Search" }).click();
      const box = page.getByRole("combobox", { name: "Search posts and pages" });
      await box.fill("markdown sync");
      await page.getByRole("listbox").getByRole("option").first().locator("mark").first().waitFor();
      await page.screenshot({ path: `/tmp/shots-k7/${theme}-${width}-results.png` });
      await box.fill("qzxvbnmw");
      await page.getByRole("region", { name: "Tags" }).waitFor();
      await page.screenshot({ path: `/tmp/shots-k7/${theme}-${width}-none.png` });
      await box.fill("publsihing");
      await page.getByRole("listbox").getByRole("option").first().waitFor();
      await page.waitForTimeout(600);
      await page.screenshot({ path: `/tmp/shots-k7/${theme}-${width}-typo.png` });
    });
  }
}
