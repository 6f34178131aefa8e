// Issue 17: every route counts, a bad field costs only that field, every visit
// knows its browser, sources are named at capture, engaged time is bounded.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { MAX_VIEW_ENGAGED_MS, POSTS_PER_PAGE } from "./constants";
import { post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { expectConvexError, initConvexTest } from "./test.setup";
import type { VisitContextInput } from "./validators";

const A = sessionId(1);
const START = Date.UTC(2025, 0, 1);
const MIN = 60_000;
const PHONE_IN_BERLIN = { device: "mobile", browser: "Chrome", os: "Android", country: "DE" } as const;

async function setup(): Promise<StatsTest> {
  const t = initConvexTest();
  const posts = Array.from({ length: POSTS_PER_PAGE + 1 }, (_, i) => ({
    ...post(`post-${i}`, `Post ${i}`),
    tags: i === 0 ? ["design"] : [],
  }));
  await seedContent(t, { posts });
  return t;
}

const views = (t: StatsTest) => t.run((ctx) => ctx.db.query("pageViews").collect());
const engagements = (t: StatsTest) => t.run((ctx) => ctx.db.query("engagements").collect());
const view = (t: StatsTest, path: string, context?: VisitContextInput, sid = A) =>
  t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sid, context });

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("every route of the site counts", () => {
  test.each([
    ["/tags", "tags"],
    ["/tags/design", "tag"],
    ["/page/2", "list"],
    ["/nope", "notFound"],
  ])("a view of %s is stored as %s", async (path, pageType) => {
    const t = await setup();
    await view(t, path);
    expect((await views(t)).map((v) => [v.path, v.pageType])).toEqual([[path, pageType]]);
  });

  test("a reader from DuckDuckGo who lands on a tag page and opens a post keeps source, entry and browser", async () => {
    const t = await setup();
    await view(t, "/tags/design", { referrerHost: "duckduckgo.com", ...PHONE_IN_BERLIN });
    vi.advanceTimersByTime(MIN);
    await view(t, "/post-0", PHONE_IN_BERLIN);
    const [, opened] = await views(t);
    expect(opened).toMatchObject({ source: "DuckDuckGo", channel: "Search", entryPath: "/tags/design", ...PHONE_IN_BERLIN });
  });
});

describe("a bad field costs that field, never the view", () => {
  // The forms the issue found refused, with the whole view.
  test.each<[string, VisitContextInput, Partial<Record<string, string>>]>([
    ["a host with a trailing dot", { referrerHost: "www.google.com." }, { referrerHost: "google.com", source: "Google" }],
    ["a host with an underscore", { referrerHost: "my_host.example" }, { referrerHost: "my_host.example", source: "my_host.example" }],
    ["an IPv6 literal", { referrerHost: "[2001:db8::1]" }, { referrerHost: "[2001:db8::1]", source: "[2001:db8::1]" }],
    ["a tab in a UTM value", { utmCampaign: "spring\tsale" }, { utmCampaign: "spring sale" }],
    ["an upper-case host with www.", { referrerHost: "WWW.Bing.COM" }, { referrerHost: "bing.com", source: "Bing" }],
    ["a lower-case country", { country: "de" }, { country: "DE" }],
  ])("%s is normalised and the view recorded", async (_name, context, stored) => {
    const t = await setup();
    await view(t, "/post-1", context);
    const [only] = await views(t);
    expect(only).toMatchObject({ path: "/post-1", ...stored });
  });

  test.each<[string, VisitContextInput, string]>([
    ["a referrer with a path", { referrerHost: "news.ycombinator.com/item" }, "referrerHost"],
    ["a referrer with a scheme", { referrerHost: "https://x.com" }, "referrerHost"],
    ["a three-letter country", { country: "DEU" }, "country"],
    ["an empty utm_source", { utmSource: "" }, "utmSource"],
    ["a campaign over 100 characters", { utmCampaign: "x".repeat(101) }, "utmCampaign"],
    ["an os over 40 characters", { os: "x".repeat(41) }, "os"],
    ["a device the site does not know", { device: "watch" }, "device"],
  ])("%s is dropped, the rest kept, the view recorded", async (_name, bad, field) => {
    const t = await setup();
    await view(t, "/post-1", { ...bad, browser: "Firefox" });
    const [only] = await views(t);
    expect(only).toMatchObject({ path: "/post-1", browser: "Firefox" });
    expect(only).not.toHaveProperty(field);
  });

  test.each([
    ["a path without a leading slash", "post-1", A, /must start with "\/"/],
    ["a control character in the path", "/post\t1", A, /control characters/],
    ["a session id that is not a UUID", "/post-1", "nope", /must be a UUID/],
  ])("%s stays strict: ConvexError, nothing written", async (_name, path, sid, message) => {
    const t = await setup();
    await expectConvexError(view(t, path, { referrerHost: "google.com" }, sid), message);
    expect(await views(t)).toEqual([]);
  });
});

describe("every visit knows its browser", () => {
  test("a visit that starts without a page load takes device, browser, OS and country from the view that starts it", async () => {
    const t = await setup();
    await view(t, "/post-1", { referrerHost: "google.de", ...PHONE_IN_BERLIN });
    vi.advanceTimersByTime(45 * MIN);
    // The same tab, a click after a long pause: the client sends its browser part only.
    await view(t, "/post-2", PHONE_IN_BERLIN);
    const [, second] = await views(t);
    expect(second).toMatchObject({ visitStart: START + 45 * MIN, entryPath: "/post-2", channel: "Direct", ...PHONE_IN_BERLIN });
    expect(second!.source).toBeUndefined();
  });
});

describe("sources are named at capture", () => {
  test.each<[string, VisitContextInput, { source?: string; channel: string }]>([
    ["google.de", { referrerHost: "google.de" }, { source: "Google", channel: "Search" }],
    ["a Google subdomain", { referrerHost: "www.google.co.uk" }, { source: "Google", channel: "Search" }],
    ["Gmail's Android app", { referrerHost: "com.google.android.gm" }, { source: "Gmail", channel: "Email" }],
    ["Google's Android app", { referrerHost: "com.google.android.googlequicksearchbox" }, { source: "Google", channel: "Search" }],
    ["a mobile subdomain", { referrerHost: "m.facebook.com" }, { source: "Facebook", channel: "Social" }],
    ["an unknown host", { referrerHost: "blog.example" }, { source: "blog.example", channel: "Referral" }],
    ["a host that only starts like a known one", { referrerHost: "t.company.example" }, { source: "t.company.example", channel: "Referral" }],
    ["utm_source without a referrer", { utmSource: "newsletter" }, { source: "newsletter", channel: "Campaign" }],
    ["an email medium", { utmSource: "newsletter", utmMedium: "email" }, { source: "newsletter", channel: "Email" }],
    ["ref without a referrer", { ref: "hn" }, { source: "Hacker News", channel: "Social" }],
    ["a host as utm_source", { utmSource: "news.ycombinator.com" }, { source: "Hacker News", channel: "Social" }],
    ["a paid campaign from a search engine", { referrerHost: "bing.com", utmMedium: "cpc" }, { source: "Bing", channel: "Campaign" }],
    ["nothing", {}, { channel: "Direct" }],
  ])("%s", async (_name, context, named) => {
    const t = await setup();
    await view(t, "/post-1", context);
    const [only] = await views(t);
    expect({ source: only!.source, channel: only!.channel }).toEqual({ source: undefined, ...named });
  });

  test("engagement events carry the visit's named source", async () => {
    const t = await setup();
    await view(t, "/post-1", { referrerHost: "duckduckgo.com" });
    vi.advanceTimersByTime(MIN);
    await t.mutation(api.stats.recordEngagement, { sessionId: A, path: "/post-1", engagedMs: 30_000 });
    expect(await engagements(t)).toMatchObject([{ source: "DuckDuckGo", channel: "Search" }]);
  });
});

describe("a view's engaged time is bounded by the server", () => {
  const engage = (t: StatsTest, engagedMs: number) =>
    t.mutation(api.stats.recordEngagement, { sessionId: A, path: "/post-1", engagedMs });
  const total = async (t: StatsTest) => (await engagements(t)).reduce((sum, e) => sum + e.engagedMs, 0);

  test("never more than the time since the view", async () => {
    const t = await setup();
    await view(t, "/post-1");
    vi.advanceTimersByTime(2 * MIN);
    await engage(t, 4 * 60 * MIN);
    expect(await total(t)).toBe(2 * MIN);
    await engage(t, 10_000);
    expect(await total(t)).toBe(2 * MIN);
  });

  test("never more than MAX_VIEW_ENGAGED_MS, however many reports", async () => {
    const t = await setup();
    await view(t, "/post-1");
    vi.advanceTimersByTime(24 * 60 * MIN);
    for (let i = 0; i < 20; i++) await engage(t, 4 * 60 * MIN);
    expect(await total(t)).toBe(MAX_VIEW_ENGAGED_MS);
    expect(await engagements(t)).toHaveLength(1);
  });
});
