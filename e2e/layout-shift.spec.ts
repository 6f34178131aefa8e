// Nothing jumps while a page loads: CLS at most 0.01 on every route, on a phone and a desktop.
import { expect, test } from "@playwright/test";
import { readerPaths } from "./helpers/content.ts";
import { recordLayoutShift, settledLayoutShift } from "./helpers/layoutShift.ts";

const MAX_CLS = 0.01;
const VIEWPORTS = [
  { width: 375, height: 667 },
  { width: 1280, height: 800 },
];

test("no layout shift on a cold load of any page", async ({ browser }) => {
  test.setTimeout(180_000);
  const paths = await readerPaths();
  const shifts: string[] = [];
  for (const viewport of VIEWPORTS) {
    for (const path of paths) {
      // A new context each time: nothing cached, no live query already open.
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await recordLayoutShift(page);
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const cls = await settledLayoutShift(page);
      if (cls > MAX_CLS) shifts.push(`${path} at ${viewport.width}px: ${cls.toFixed(3)}`);
      await context.close();
    }
  }
  expect(shifts).toEqual([]);
});
