// A first visit follows the system's dark preference, before any script of the app runs.
import { expect, test } from "@playwright/test";

test.describe("with the system in dark mode", () => {
  test.use({ colorScheme: "dark" });

  test("a first visit paints Dark from the start, and a chosen theme wins from then on", async ({ page }) => {
    // Without the app's code, only index.html's inline script can set the theme: that is the first paint.
    await page.route(/\/src\/main\.tsx/, (route) => route.abort());
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await page.unroute(/\/src\/main\.tsx/);

    await page.goto("/");
    const toggle = page.getByRole("button", { name: /^Theme: Dark\./ });
    await toggle.click();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  });
});

test("a first visit with the system in light mode gets Tan", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "tan");
  await page.emulateMedia({ colorScheme: "dark" });
  // No choice stored: the page follows the system as it changes.
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
});
