// Browser side of `npm run bench:live`: one context watches /stats, fresh
// contexts (each a new visitor) open posts, and both pages stamp the moments
// that matter with the same system clock.
import { chromium, type Browser, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../lib/chromium.ts";

declare global {
  interface Window {
    /** When the reader's page sent its recordPageView mutation. */
    benchViewSentAt?: number;
    /** Every value the stats page's all-time Views figure has shown, and when. */
    benchTotals?: Array<{ at: number; text: string }>;
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Opens /stats on "All time" and records each change of the headline's Views
 * figure (visitors, visits, views: the third) as the page renders it; the
 * all-time cards it used to watch are gone (issue #19).
 */
export async function watchStats(browser: Browser, siteUrl: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${siteUrl}/stats?range=all`);
  const value = page.locator(".dash-figure__value").nth(2);
  await value.waitFor();
  await value.evaluate((element) => {
    const seen: Array<{ at: number; text: string }> = [{ at: Date.now(), text: element.textContent ?? "" }];
    window.benchTotals = seen;
    new MutationObserver(() => seen.push({ at: Date.now(), text: element.textContent ?? "" })).observe(element, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  return page;
}

export async function shownTotal(stats: Page): Promise<number> {
  const seen = await stats.evaluate(() => window.benchTotals ?? []);
  return countOf(seen[seen.length - 1]?.text ?? "");
}

const countOf = (text: string) => Number(text.replace(/[^\d]/g, "") || Number.NaN);

/**
 * A new visitor opens `path`; resolves with the milliseconds from its
 * recordPageView leaving the browser to /stats showing `expectedTotal`.
 */
export async function timeOneView(browser: Browser, stats: Page, url: string, expectedTotal: number): Promise<number> {
  const context = await browser.newContext();
  try {
    await context.addInitScript(() => {
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (data) {
        if (typeof data === "string" && window.benchViewSentAt === undefined && data.includes('"stats:recordPageView"')) {
          window.benchViewSentAt = Date.now();
        }
        return send.call(this, data);
      };
    });
    const reader = await context.newPage();
    await reader.goto(url);
    const handle = await stats.waitForFunction(
      (expected) => window.benchTotals?.find((seen) => Number(seen.text.replace(/[^\d]/g, "")) >= expected)?.at,
      expectedTotal,
      { timeout: 15_000, polling: 20 },
    );
    const shownAt = (await handle.jsonValue()) as number;
    const sentAt = await reader.evaluate(() => window.benchViewSentAt);
    if (sentAt === undefined) throw new Error(`${url} never sent recordPageView`);
    return shownAt - sentAt;
  } finally {
    await context.close();
  }
}
