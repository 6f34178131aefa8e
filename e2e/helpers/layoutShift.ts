// Cumulative layout shift over a cold load, as Chromium reports it.
import { expect, type Page } from "@playwright/test";

declare global {
  interface Window {
    __layoutShift: number;
  }
}

/** Call before the first navigation: starts summing layout shifts not caused by input. */
export async function recordLayoutShift(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__layoutShift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
        if (!entry.hadRecentInput) window.__layoutShift += entry.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/** The shift so far, once the page has settled: no placeholder left, images decoded, a quiet moment. */
export async function settledLayoutShift(page: Page): Promise<number> {
  await expect(page.locator("[data-loading], [aria-busy=true]")).toHaveCount(0);
  await page.evaluate(() => Promise.all([...document.images].filter((img) => img.loading !== "lazy").map((img) => img.decode().catch(() => undefined))));
  await page.waitForTimeout(500);
  return page.evaluate(() => window.__layoutShift);
}
