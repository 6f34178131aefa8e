import { expect, test, type Page } from "@playwright/test";
import { contentForTests } from "./helpers/content.ts";

// The reader of issue #9: from Hacker News, on a newsletter link, on a phone in Berlin.
test.use({
  viewport: { width: 375, height: 800 },
  screen: { width: 375, height: 800 },
  timezoneId: "Europe/Berlin",
  userAgent:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
});

type Mutation = { udfPath: string; args: Array<Record<string, unknown>> };

/** Every Convex mutation the page sends over its WebSocket, as sent. */
function recordMutations(page: Page): { mutations: Mutation[]; frames: string[] } {
  const mutations: Mutation[] = [];
  const frames: string[] = [];
  page.on("websocket", (socket) =>
    socket.on("framesent", ({ payload }) => {
      const text = typeof payload === "string" ? payload : payload.toString("utf8");
      frames.push(text);
      const message = JSON.parse(text) as { type?: string } & Mutation;
      if (message.type === "Mutation") mutations.push(message);
    }),
  );
  return { mutations, frames };
}

test("the landing view carries the visit context, and only families leave the browser", async ({ page }) => {
  const { browsedPost, browsedPage } = await contentForTests();
  const { mutations, frames } = recordMutations(page);

  await page.goto(`${browsedPost.path}?utm_source=newsletter&utm_campaign=launch`, {
    referer: "https://news.ycombinator.com/item?id=1",
  });
  await expect(page.getByRole("heading", { level: 1, name: browsedPost.title, exact: true })).toBeVisible();
  const views = () => mutations.filter((m) => m.udfPath.startsWith("stats:recordPageView"));
  await expect.poll(() => views().length).toBe(1);
  expect(views()[0]!.args[0]!.context).toEqual({
    referrerHost: "news.ycombinator.com",
    utmSource: "newsletter",
    utmCampaign: "launch",
    device: "mobile",
    browser: "Chrome",
    os: "Android",
    country: "DE",
  });

  // Leaving the post ends its visit: its visible time is reported, and the next view carries only the browser part.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: browsedPage.title, exact: true }).click();
  await expect.poll(() => views().length).toBe(2);
  expect(views()[1]!.args[0]!.context).toEqual({ device: "mobile", browser: "Chrome", os: "Android", country: "DE" });
  const engagement = () => mutations.filter((m) => m.udfPath.startsWith("stats:recordEngagement"));
  await expect.poll(() => engagement().length).toBe(1);
  expect(engagement()[0]!.args[0]).toMatchObject({ path: browsedPost.path });
  expect(engagement()[0]!.args[0]!.engagedMs).toBeGreaterThan(0);

  for (const frame of frames) {
    expect(frame).not.toContain("Mozilla");
    expect(frame).not.toContain("item?id=1");
  }
});

// Playwright does not see a beacon sent while the page unloads, so this hides the
// tab instead: the same report, by the same path (engagement.ts, startTracking.ts).
test("a tab going to the background sends its engaged time by beacon, not over the socket", async ({ page }) => {
  const { browsedPost } = await contentForTests();
  const { mutations } = recordMutations(page);
  await page.goto(browsedPost.path);
  await expect.poll(() => mutations.filter((m) => m.udfPath.startsWith("stats:recordPageView")).length).toBe(1);

  const beacon = page.waitForRequest((request) => new URL(request.url()).pathname === "/presence/engaged");
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  const body = JSON.parse((await beacon).postData() ?? "null") as Record<string, unknown>;
  expect(body).toMatchObject({ path: browsedPost.path, sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(body.engagedMs).toBeGreaterThan(0);
  expect(mutations.filter((m) => m.udfPath.startsWith("stats:recordEngagement"))).toEqual([]);
});
