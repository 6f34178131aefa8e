import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ConvexHttpClient } from "convex/browser";
import { randomUUID } from "node:crypto";
import { api } from "../convex/_generated/api";
import { OPT_OUT_KEY } from "../src/tracking/optOut.ts";
import { contentForTests, type Entry } from "./helpers/content.ts";
import { BACKEND_URL, SESSION_TIMEOUT_MS } from "./helpers/stack.ts";
import { StatsPage } from "./helpers/statsPage.ts";

// Presence: who is reading now. Each context is one browser (its own
// localStorage, so its own session id); pages in one context are its tabs.
const contexts: BrowserContext[] = [];
async function browserOf(browser: Browser, { optedOut = false } = {}): Promise<BrowserContext> {
  const context = await browser.newContext();
  if (optedOut) await context.addInitScript((key) => localStorage.setItem(key, "1"), OPT_OUT_KEY);
  contexts.push(context);
  return context;
}
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function openEntry(page: Page, entry: Entry) {
  await page.goto(entry.path);
  await expect(page.getByRole("heading", { level: 1, name: entry.title, exact: true })).toBeVisible();
}

/** A /stats tab that is not itself counted, so Active Now shows only the readers under test. */
async function observer(browser: Browser): Promise<StatsPage> {
  const stats = new StatsPage(await (await browserOf(browser, { optedOut: true })).newPage());
  await stats.open();
  return stats;
}

/** What a browser does when its tab goes to the background, as the page sees it. */
async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((hide) => {
    Object.defineProperty(document, "visibilityState", { value: hide ? "hidden" : "visible", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

test("a hidden tab drops out of Active Now within 5 s and rejoins when shown again", async ({ browser }) => {
  const { posts } = await contentForTests();
  const post = posts[0]!;
  const stats = await observer(browser);
  const reader = await (await browserOf(browser)).newPage();
  await openEntry(reader, post);
  await expect(stats.activeOn(post.path)).toHaveCount(1);

  await setHidden(reader, true);
  await expect(stats.activeOn(post.path)).toHaveCount(0, { timeout: 5_000 });
  // Still gone once the session timeout has passed: a hidden tab sends no heartbeat.
  await reader.waitForTimeout(SESSION_TIMEOUT_MS / 2);
  await expect(stats.activeOn(post.path)).toHaveCount(0);

  await setHidden(reader, false);
  await expect(stats.activeOn(post.path)).toHaveCount(1, { timeout: 5_000 });
});

test("two tabs of one browser count as one reader, on the page of the tab opened last", async ({ browser }) => {
  const { posts } = await contentForTests();
  const [first, second] = [posts[1]!, posts[2]!];
  const stats = await observer(browser);
  const context = await browserOf(browser);
  await openEntry(await context.newPage(), first);
  await expect(stats.activeOn(first.path)).toHaveCount(1);
  const before = await stats.activeVisitors();

  await openEntry(await context.newPage(), second);
  await expect(stats.activeOn(second.path)).toHaveCount(1);
  await expect(stats.activeOn(first.path)).toHaveCount(0);
  expect(await stats.activeVisitors()).toBe(before);
});

test("the opt-out switch on /stats stops all counting from this browser", async ({ browser }) => {
  const { posts } = await contentForTests();
  const post = posts[3]!;
  const stats = await observer(browser);
  const owner = await (await browserOf(browser)).newPage();
  // Everything the owner's page sends: mutations over the socket, beacons over HTTP.
  const sent: string[] = [];
  owner.on("request", (request) => {
    if (request.url().includes("/presence/")) sent.push(request.url());
  });
  owner.on("websocket", (socket) =>
    socket.on("framesent", ({ payload }) => {
      if (String(payload).includes('"type":"Mutation"')) sent.push(String(payload));
    }),
  );
  await owner.goto("/stats");
  await expect(stats.activeOn("/stats")).toHaveCount(1);
  expect(sent.length).toBeGreaterThan(0);

  await owner.getByRole("checkbox", { name: "Don't count my visits on this browser" }).check();
  await expect(stats.activeOn("/stats")).toHaveCount(0, { timeout: 5_000 });
  const sentBefore = sent.length;

  const viewsBefore = await stats.viewsOf(post.title);
  await owner.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home", exact: true }).click();
  await owner.getByRole("region", { name: "Posts" }).getByRole("link", { name: post.title, exact: true }).click();
  await expect(owner.getByRole("heading", { level: 1, name: post.title, exact: true })).toBeVisible();
  await setHidden(owner, true);
  await setHidden(owner, false);

  // A counted reader of the same post, as a positive control: once its view shows, the owner's would have too.
  await openEntry(await (await browserOf(browser)).newPage(), post);
  await expect.poll(() => stats.viewsOf(post.title)).toBe(viewsBefore + 1);
  await expect(stats.activeOn(post.path).locator(".stats-breakdown__count")).toHaveText("1");
  expect(sent.slice(sentBefore)).toEqual([]);
});

test("a reader whose leave never arrives is dropped by the expiry job once the session timeout passes", async ({ browser }) => {
  const { posts } = await contentForTests();
  const post = posts[2]!;
  const stats = await observer(browser);
  // A browser that heartbeats once and then vanishes without a leave (a crash, a lost network).
  const http = new ConvexHttpClient(BACKEND_URL, { logger: false });
  await http.mutation(api.presence.heartbeat, { sessionId: randomUUID(), path: post.path });
  const joinedAt = Date.now();
  await expect(stats.activeOn(post.path)).toHaveCount(1);

  await expect(stats.activeOn(post.path)).toHaveCount(0, { timeout: SESSION_TIMEOUT_MS + 5_000 });
  expect(Date.now() - joinedAt).toBeGreaterThan(SESSION_TIMEOUT_MS - 1_000);
});

test('"N reading now" on a post goes from 2 to 3 when a third reader opens it', async ({ browser }) => {
  const { posts } = await contentForTests();
  const post = posts[4] ?? posts[0]!;
  const readers: Page[] = [];
  for (let i = 0; i < 2; i++) {
    readers.push(await (await browserOf(browser)).newPage());
    await openEntry(readers[i]!, post);
  }
  const readingNow = readers[0]!.getByText(/reading now$/);
  await expect(readingNow).toHaveText("2 reading now");

  const third = await (await browserOf(browser)).newPage();
  await openEntry(third, post);
  await expect(readingNow).toHaveText("3 reading now");
  await expect(third.getByText(/reading now$/)).toHaveText("3 reading now");
});

test("a reader alone on a post sees no count", async ({ browser }) => {
  const { posts } = await contentForTests();
  const post = posts[4] ?? posts[0]!;
  const reader = await (await browserOf(browser)).newPage();
  await openEntry(reader, post);
  // Its own heartbeat has arrived once the observer sees it.
  const stats = await observer(browser);
  await expect(stats.activeOn(post.path)).toHaveCount(1, { timeout: 15_000 });
  await expect(reader.getByText(/reading now$/)).toHaveCount(0);
});
