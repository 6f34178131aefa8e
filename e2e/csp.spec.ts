// The built site (`npm run preview`, on a stack of its own) under its
// Content-Security-Policy: a post's text shows with no sanitizer chunk, the
// policy is sent, and home, a post and /stats (theme script, /stats preload,
// fonts, map, CSV and zip downloads) work with no violation. The dev server
// sends only the frame headers (its inline refresh preamble needs inline
// scripts), so this spec cannot run on playwright.config.ts's stack.
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ConvexHttpClient } from "convex/browser";
import { api } from "../convex/_generated/api";
import { REPO_ROOT } from "../local/config.ts";
import { contentSecurityPolicy } from "../netlify/frameHeaders.ts";
import { inlineScriptHashes } from "../scripts/lib/csp.ts";
import { siteContent } from "./helpers/content.ts";
import { startDevStack, type DevStack } from "./helpers/devStack.ts";

/** Not the private-mode spec's +20: each extra stack has ports of its own. */
const PREVIEW_PORT_OFFSET = 40;

let stack: DevStack;
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(480_000);
  stack = await startDevStack({}, { preview: true, portOffset: PREVIEW_PORT_OFFSET });
  // A production build counts no automated browser: one view gives /stats rows to download.
  const http = new ConvexHttpClient(stack.backendUrl, { logger: false });
  await http.mutation(api.stats.recordPageView, { path: "/", pageType: "home", sessionId: randomUUID(), context: { country: "JP" } });
});

test.afterAll(async () => {
  test.setTimeout(90_000);
  await stack?.stop();
});

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

/** A page on the preview stack that records every CSP violation, as events and as console errors. */
async function watchedPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ page: Page; violations: string[] }> {
  const context = await browser.newContext({ baseURL: stack.siteUrl, viewport: { width: 1280, height: 900 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportViolation(text: string): void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return { page, violations };
}

test("a post's text shows from the entry alone: the sanitizer chunk is never requested", async ({ browser }) => {
  const { posts } = await siteContent();
  const { page, violations } = await watchedPage(browser);
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
  });
  await page.goto(posts[0]!.path);
  await expect(page.locator(".prose p").first()).toBeVisible();
  expect(scripts.filter((url) => /sanitiz|purify/i.test(url))).toEqual([]);
  // The code bars still arrive, after the text.
  if ((await page.locator(".prose pre").count()) > 0) await expect(page.getByRole("button", { name: "Copy code to clipboard" }).first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("every page gets the policy, with the build's own inline scripts and the stack's backend; netlify.toml allows the same scripts", async ({ browser }) => {
  const built = readFileSync(path.join(REPO_ROOT, "dist", "index.html"), "utf8");
  const hashes = inlineScriptHashes(built);
  expect(hashes).toHaveLength(2);
  const expected = contentSecurityPolicy({ convexUrl: stack.backendUrl, scriptHashes: hashes });
  const { page } = await watchedPage(browser);
  const { posts } = await siteContent();
  for (const url of ["/", posts[0]!.path, "/stats", "/favicon.svg"]) {
    const response = await page.request.get(url);
    expect(response.headers()["content-security-policy"], url).toBe(expected);
    expect(response.headers()["x-frame-options"], url).toBe("DENY");
  }
  // Production sends netlify.toml's copy: it must allow the scripts this build wrote.
  const toml = readFileSync(path.join(REPO_ROOT, "netlify.toml"), "utf8");
  for (const hash of hashes) expect(toml).toContain(`'${hash}'`);
});

test("home, a post and /stats work under the policy: theme script, preload, fonts, map, downloads, no violation", async ({ browser }) => {
  const { page, violations } = await watchedPage(browser, { acceptDownloads: true });
  // The inline theme script runs (a refused one would leave the default, Tan).
  await page.addInitScript(() => localStorage.setItem("theme", "dark"));
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
  expect(await page.evaluate(async () => (await document.fonts.ready, [...document.fonts].some((font) => font.status === "loaded")))).toBe(true);

  const { posts } = await siteContent();
  await page.goto(posts[0]!.path);
  await expect(page.getByRole("heading", { level: 1, name: posts[0]!.title })).toBeVisible();

  await page.goto("/stats?range=all");
  // The inline preload script ran: the /stats chunk was asked for before the entry found it.
  expect(await page.locator('head link[rel="modulepreload"][href*="StatsPage"]').count()).toBe(1);
  await expect(page.getByRole("group", { name: "Active Now" })).toBeVisible();
  const countries = page.getByRole("region", { name: "Countries", exact: true });
  await expect(countries.getByRole("img", { name: /^World map of visitors by country/ })).toBeVisible();
  const csv = page.waitForEvent("download");
  await countries.getByRole("button", { name: "Download Countries as CSV" }).click();
  expect((await csv).suggestedFilename()).toMatch(/\.csv$/);
  const zip = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download all as CSV (zip)" }).click();
  expect((await zip).suggestedFilename()).toMatch(/\.zip$/);
  expect(violations).toEqual([]);
});

test("HTML inserted as the body is (innerHTML) cannot run a handler or load another host's image", async ({ browser }) => {
  const { posts } = await siteContent();
  const { page, violations } = await watchedPage(browser);
  // Chromium reports a request the policy refused as failed, with the error "csp": it was never sent.
  const answered: string[] = [];
  const refused: string[] = [];
  page.on("requestfinished", (request) => answered.push(request.url()));
  page.on("requestfailed", (request) => refused.push(`${request.url()} ${request.failure()?.errorText}`));
  await page.goto(posts[0]!.path);
  await expect(page.locator(".prose p").first()).toBeVisible();
  // What a row written past the sync would hold, put in the page the way Article puts the body in.
  await page.evaluate(() => {
    document.querySelector(".prose")!.insertAdjacentHTML(
      "beforeend",
      '<img src="/no-such.png" onerror="window.pwned = true"><img src="https://tracker.example/p.png"><a id="js" href="javascript:window.pwned=true">x</a>',
    );
    document.getElementById("js")!.click();
  });
  await expect.poll(() => violations.length).toBeGreaterThanOrEqual(3);
  expect(await page.evaluate(() => (window as { pwned?: boolean }).pwned)).toBeUndefined();
  expect(answered.filter((url) => url.includes("tracker.example"))).toEqual([]);
  expect(refused).toContain("https://tracker.example/p.png csp");
  expect(violations).toEqual(expect.arrayContaining(["script-src-attr inline", "img-src https://tracker.example/p.png"]));
});
