// The reading side: the archive, table alignment, heading order, the copy page menu.
import { expect, test } from "@playwright/test";
import { readerPaths, siteContent } from "./helpers/content.ts";

test("/archive lists every published post under its year, newest first", async ({ page }) => {
  const { posts } = await siteContent();
  await page.goto("/archive");
  await expect(page.getByRole("heading", { level: 1, name: "Archive" })).toBeVisible();
  const years = page.locator(".archive-year");
  await expect(years.first()).toBeVisible();
  const listed: Array<{ year: string; titles: string[]; dates: string[] }> = [];
  for (const year of await years.all()) {
    listed.push({
      year: (await year.getByRole("heading", { level: 2 }).textContent()) ?? "",
      titles: await year.getByRole("link").allTextContents(),
      dates: await year.locator("time").evaluateAll((times) => times.map((t) => t.getAttribute("datetime") ?? "")),
    });
  }
  expect(listed.flatMap((y) => y.titles)).toEqual(posts.map((p) => p.title));
  for (const { year, dates } of listed) for (const date of dates) expect(date.slice(0, 4)).toBe(year);
  expect(listed.map((y) => y.year)).toEqual([...listed.map((y) => y.year)].sort().reverse());
});

test("a `---:` column is right-aligned, a `:---:` column centred, others start-aligned", async ({ page }) => {
  await page.goto("/whats-in-the-box");
  const right = page.locator(".prose td[align=right]").first();
  await expect(right).toBeVisible();
  const { align, textRight, cellRight, padding } = await right.evaluate((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const style = getComputedStyle(cell);
    return { align: style.textAlign, textRight: range.getBoundingClientRect().right, cellRight: cell.getBoundingClientRect().right, padding: parseFloat(style.paddingRight) };
  });
  expect(align).toMatch(/right$/); // the `align` attribute maps to -webkit-right
  // The number ends at the cell's right padding.
  expect(Math.abs(cellRight - padding - textRight)).toBeLessThan(2);
  expect(await page.locator(".prose td[align=center]").first().evaluate((cell) => getComputedStyle(cell).textAlign)).toMatch(/center$/);
  expect(await page.locator(".prose td:not([align])").first().evaluate((cell) => getComputedStyle(cell).textAlign)).toMatch(/^(start|left)$/);
});

test("on a phone, no table cell of the sample content runs past 3 lines", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
  const page = await context.newPage();
  const tall: string[] = [];
  for (const path of await readerPaths()) {
    await page.goto(path);
    await expect(page.locator("[data-loading]")).toHaveCount(0);
    const lines = await page.locator(".prose :is(td, th)").evaluateAll((cells) =>
      cells.map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return { text: (cell.textContent ?? "").slice(0, 40), lines: Math.round(range.getBoundingClientRect().height / parseFloat(getComputedStyle(cell).lineHeight)) };
      }),
    );
    for (const cell of lines) if (cell.lines > 3) tall.push(`${path}: "${cell.text}" ${cell.lines} lines`);
  }
  await context.close();
  expect(tall).toEqual([]);
});

test("headings never skip a level on any route", async ({ page }) => {
  const skips: string[] = [];
  for (const path of await readerPaths()) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("[data-loading]")).toHaveCount(0);
    const levels = await page.locator("main :is(h1, h2, h3, h4, h5, h6)").evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
    levels.forEach((level, i) => {
      if (i > 0 && level > levels[i - 1]! + 1) skips.push(`${path}: h${levels[i - 1]} → h${level}`);
    });
    if (levels[0] !== 1) skips.push(`${path}: starts at h${levels[0]}`);
  }
  expect(skips).toEqual([]);
});

test("the copy page menu's code loads on first use, and the menu works from the keyboard", async ({ page }) => {
  const menuCode: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("CopyMenuList")) menuCode.push(request.url());
  });
  await page.goto("/whats-in-the-box");
  await expect(page.locator(".prose")).toBeVisible();
  const button = page.getByRole("button", { name: "Copy page" });
  await expect(button).toBeVisible();
  expect(menuCode).toEqual([]);
  await button.focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Copy as Markdown" })).toBeFocused();
  expect(menuCode).toHaveLength(1);
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Open in ChatGPT" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(button).toBeFocused();
});
