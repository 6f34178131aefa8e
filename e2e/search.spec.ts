// Search from the header: results as you type, keyboard to open, live after a sync.
import AxeBuilder from "@axe-core/playwright";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { REPO_ROOT } from "../local/config.ts";
import { npmRunSync } from "./helpers/sync.ts";

// A word only the body of "How the live stats work" holds (not its title).
const BODY_WORD = "watermark";
const LIVE_STATS = { title: "How the live stats work", path: "/how-the-live-stats-work" };

test("a word from a post's body finds it first; Enter opens it", async ({ page }) => {
  await page.goto("/");
  // The shortcut listens once the header has rendered; the dialog itself loads on first use.
  await expect(page.getByRole("button", { name: "Search" })).toBeVisible();
  const box = page.getByRole("combobox", { name: "Search posts and pages" });
  await expect(async () => {
    if ((await box.count()) === 0) await page.keyboard.press("/");
    await expect(box).toBeFocused({ timeout: 2_000 });
  }).toPass();
  await box.fill(BODY_WORD);
  const options = page.getByRole("listbox", { name: "Results" }).getByRole("option");
  await expect(options.first()).toContainText(LIVE_STATS.title);
  await expect(options.first().locator("mark").first()).toHaveText(new RegExp(BODY_WORD, "i"));

  const axe = await new AxeBuilder({ page }).include(".search-dialog").analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(LIVE_STATS.path);
  await expect(page.getByRole("heading", { level: 1, name: LIVE_STATS.title, exact: true })).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  await page.keyboard.press("Control+k");
  await expect(box).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Search" })).toBeFocused();
});

async function openSearch(page: Page) {
  await page.goto("/");
  await page.getByRole("button", { name: "Search" }).click();
  const box = page.getByRole("combobox", { name: "Search posts and pages" });
  await expect(box).toBeFocused();
  return box;
}

test("a typo finds its post, and says what it was read as", async ({ page }) => {
  const box = await openSearch(page);
  await box.fill("highlihgting");
  const first = page.getByRole("listbox", { name: "Results" }).getByRole("option").first();
  await expect(first).toContainText("Syntax highlighting without shipping a highlighter");
  await expect(page.getByRole("status")).toContainText("for “highlighting”");
  await expect(first.locator("mark").first()).toHaveText(/highlight/i);
});

test("a word only a post's tags hold finds that post", async ({ page }) => {
  const box = await openSearch(page);
  await box.fill("roadmap");
  const options = page.getByRole("listbox", { name: "Results" }).getByRole("option");
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText("What's in the box");
});

test("nonsense offers the nearest tags and the latest posts, which lead somewhere", async ({ page }) => {
  const box = await openSearch(page);
  await box.fill("qzxvbnmw");
  await expect(page.getByRole("status")).toHaveText("Nothing matches “qzxvbnmw”.");
  const tags = page.getByRole("region", { name: "Tags" }).getByRole("link");
  await expect(tags.first()).toBeVisible();
  expect(await tags.count()).toBeGreaterThanOrEqual(3);
  const latest = page.getByRole("region", { name: "Latest posts" }).getByRole("link");
  await expect(latest).toHaveCount(3);
  // A draft is never offered.
  await expect(page.getByRole("dialog")).not.toContainText("paging the home page");

  const axe = await new AxeBuilder({ page }).include(".search-dialog").analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  const title = (await latest.first().textContent())!;
  await latest.first().click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1, name: title, exact: true })).toBeVisible();
});

test("a post synced while search is open shows up in its results", async ({ page }) => {
  const dir = await mkdtemp(path.join(tmpdir(), "e2e-search-"));
  const original = path.join(REPO_ROOT, "content");
  try {
    await cp(original, dir, { recursive: true });
    await writeFile(
      path.join(dir, "blog", "found-while-searching.md"),
      "---\ntitle: Found while searching\ndescription: Synced by the search test.\ndate: 2020-01-01\nslug: found-while-searching\npublished: true\ntags: [e2e]\n---\n\nA note about the axolotl, synced while the search box was open.\n",
    );
    await page.goto("/");
    await page.getByRole("button", { name: "Search" }).click();
    const box = page.getByRole("combobox", { name: "Search posts and pages" });
    await box.fill("axolotl");
    await expect(page.getByRole("status").filter({ hasText: "Nothing matches" })).toBeVisible();

    await npmRunSync(dir);
    const option = page.getByRole("listbox", { name: "Results" }).getByRole("option");
    await expect(option).toHaveCount(1);
    await expect(option).toContainText("Found while searching");

    await npmRunSync(original);
    await expect(option).toHaveCount(0);
    await expect(page.getByRole("status").filter({ hasText: "Nothing matches" })).toBeVisible();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
