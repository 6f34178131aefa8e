// The /stats page as a reader sees it, found by accessible names.
import { expect, type Locator, type Page } from "@playwright/test";

/** "1,234" → 1234 (the page formats with the browser's locale). */
export function parseCount(text: string): number {
  const digits = text.replace(/[^\d]/g, "");
  if (digits === "") throw new Error(`no number in "${text}"`);
  return Number(digits);
}

export class StatsPage {
  readonly activeNow: Locator;
  readonly pagesPanel: Locator;
  readonly viewsTable: Locator;

  constructor(readonly page: Page) {
    this.activeNow = page.getByRole("group", { name: "Active Now" });
    this.pagesPanel = page.getByRole("region", { name: "Pages", exact: true });
    // All-time views per page: the Pages panel's "Top pages" under the "All time" range.
    this.viewsTable = this.pagesPanel.getByRole("table", { name: "Top pages" });
  }

  async open(): Promise<void> {
    await this.page.goto("/stats?range=all");
    await expect(this.page.getByRole("heading", { level: 1, name: "Site stats" })).toBeVisible();
    // The cards replace the loading status once the first result is in.
    await expect(this.activeNow).toBeVisible();
  }

  /** The number in the Active Now card. */
  async activeVisitors(): Promise<number> {
    return parseCount(await this.activeNow.locator("[aria-live]").innerText());
  }

  /** The Active Now breakdown's entry for a path (its title may not be known yet, its path always is). */
  activeOn(path: string): Locator {
    return this.activeNow.getByRole("list", { name: "Active visitors by page" }).getByRole("listitem").filter({ has: this.page.getByTitle(path, { exact: true }) });
  }

  /** The row of all-time Top pages whose header is this title. */
  viewsRow(title: string): Locator {
    return this.viewsTable.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: title, exact: true }) });
  }

  /**
   * Views shown under a title; 0 while it has no row. The panel lists the top
   * eight: a title below them is read from the "Show all" dialog.
   */
  async viewsOf(title: string): Promise<number> {
    // Until its first answer the panel is busy and has no table: read then, every title would be 0.
    await expect(this.pagesPanel).toBeVisible();
    await expect(this.pagesPanel.locator("[aria-busy=true]")).toHaveCount(0);
    const row = this.viewsRow(title);
    // Cells: visitors, views, engaged time, read completion, scroll depth.
    if ((await row.count()) > 0) return parseCount(await row.getByRole("cell").nth(1).innerText());
    const showAll = this.pagesPanel.getByRole("button", { name: /^Show all/ });
    if ((await showAll.count()) === 0) return 0;
    await showAll.click();
    const dialog = this.page.getByRole("dialog", { name: "Top pages" });
    // The dialog asks for every row when it opens: "N rows" once they are in.
    await expect(dialog.getByRole("status")).toHaveText(/^\d+ rows$/);
    await dialog.getByRole("searchbox", { name: "Search" }).fill(title);
    const found = dialog.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: title, exact: true }) });
    const views = (await found.count()) > 0 ? parseCount(await found.getByRole("cell").nth(1).innerText()) : 0;
    await this.page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    return views;
  }
}
