// Private mode: no traffic figure can be read without the owner or share key,
// including by calling the queries directly.
import { ConvexError } from "convex/values";
import { makeFunctionReference } from "convex/server";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { checkAccess, roleOf, settingsOf, siteTimeZone } from "./dashboard.access";
import { page, post, seedContent, sessionId } from "./stats.fixtures";
import { initConvexTest, modules } from "./test.setup";
import type { StatsDimension } from "./validators";

const OWNER = "owner-key-0123456789abcdef";
const SHARE = "share-key-0123456789abcdef";
const dashboardArgs = { range: "7d" as const, anchor: Date.UTC(2025, 0, 1), filters: [] };

/** Every public query: the list is read from the modules, so a new one cannot be forgotten. */
async function publicQueries(): Promise<string[]> {
  const names: string[] = [];
  for (const [file, load] of Object.entries(modules)) {
    const exports = (await load()) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(exports)) {
      const flags = fn as { isPublic?: boolean; isQuery?: boolean };
      if (typeof fn === "function" && flags.isPublic === true && flags.isQuery === true) {
        names.push(`${file.replace(/^\.\/(.*)\.ts$/, "$1")}:${name}`);
      }
    }
  }
  return names.sort();
}

/** What each traffic query is called with (a key is added per case). */
const TRAFFIC_QUERIES: Record<string, Record<string, unknown>> = {
  "dashboard:summary": dashboardArgs,
  "dashboard:series": dashboardArgs,
  "dashboard:breakdown": { ...dashboardArgs, dimension: "page" satisfies StatsDimension },
  "stats:getStats": {},
  "links:report": { ...dashboardArgs, kind: "notFound", groupBy: "key" },
  "goals:report": dashboardArgs,
  "searchStats:terms": dashboardArgs,
  "feedStats:subscribers": dashboardArgs,
  "realtime:lastMinutes": { since: Date.UTC(2025, 0, 1, 9, 40) },
};
/** Shown to every reader; in private mode it tells nothing (always 0). */
const READER_COUNT = "presence:readers";
/** Answers only the owner's key: it hands out the share key. */
const OWNER_QUERIES = ["dashboard:shareLink"];
/** Carry no traffic data: the page needs them to ask for a key. */
const OPEN_QUERIES = ["dashboard:checkKey", "dashboard:settings"];
/** Content, public by nature. */
const CONTENT_QUERIES = [
  "pages:getBySlug",
  "pages:list",
  "posts:getBySlug",
  "posts:getEnd",
  "posts:list",
  "posts:listPage",
  "posts:movedTo",
  "search:index",
  "search:snippets",
  "tags:getPosts",
  "tags:list",
];

async function setup() {
  const t = initConvexTest();
  await seedContent(t, { posts: [post("hello", "Hello")], pages: [page("about", "About")] });
  await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: sessionId(1) });
  return t;
}

async function refusal(call: Promise<unknown>): Promise<unknown> {
  return await call.then(
    () => "answered",
    (e: unknown) => (e instanceof ConvexError ? (e.data as { code?: string }).code : String(e)),
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2025, 0, 1, 10));
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe("private mode", () => {
  beforeEach(() => {
    vi.stubEnv("STATS_ACCESS", "private");
    vi.stubEnv("STATS_OWNER_KEY", OWNER);
    vi.stubEnv("STATS_SHARE_KEY", SHARE);
  });

  test("every public query is either a traffic query, one that carries no traffic, or content", async () => {
    expect(await publicQueries()).toEqual([...Object.keys(TRAFFIC_QUERIES), READER_COUNT, ...OWNER_QUERIES, ...OPEN_QUERIES, ...CONTENT_QUERIES].sort());
  });

  test("the header's reader count says nothing about traffic", async () => {
    const t = await setup();
    for (const n of [1, 2, 3]) await t.mutation(api.presence.heartbeat, { sessionId: sessionId(n), path: "/hello" });
    expect(await t.query(api.presence.readers, { path: "/hello" })).toBe(0);
    vi.stubEnv("STATS_ACCESS", "public");
    expect(await t.query(api.presence.readers, { path: "/hello" })).toBe(3);
  });

  test.each(Object.keys(TRAFFIC_QUERIES))("%s refuses without a key, with a wrong key, and answers with either key", async (name) => {
    const t = await setup();
    const ref = makeFunctionReference<"query">(name);
    const base = TRAFFIC_QUERIES[name]!;
    expect(await refusal(t.query(ref, base))).toBe("PRIVATE");
    expect(await refusal(t.query(ref, { ...base, key: "guess" }))).toBe("PRIVATE");
    expect(await refusal(t.query(ref, { ...base, key: OWNER.slice(0, -1) }))).toBe("PRIVATE");
    expect(await refusal(t.query(ref, { ...base, key: `${OWNER}x` }))).toBe("PRIVATE");
    expect(await refusal(t.query(ref, { ...base, key: OWNER }))).toBe("answered");
    expect(await refusal(t.query(ref, { ...base, key: SHARE }))).toBe("answered");
  });

  test("settings say private; checkKey tells owner from share", async () => {
    const t = await setup();
    expect(await t.query(api.dashboard.settings, {})).toEqual({ timeZone: "UTC", access: "private" });
    expect(await t.query(api.dashboard.checkKey, { key: OWNER })).toBe("owner");
    expect(await t.query(api.dashboard.checkKey, { key: SHARE })).toBe("share");
    expect(await t.query(api.dashboard.checkKey, { key: "nope" })).toBeNull();
  });

  test("shareLink gives the share key to the owner's key only", async () => {
    const t = await setup();
    expect(await t.query(api.dashboard.shareLink, { key: OWNER })).toEqual({ shareKey: SHARE });
    expect(await t.query(api.dashboard.shareLink, { key: SHARE })).toBeNull();
    expect(await refusal(t.query(api.dashboard.shareLink, {}))).toBe("PRIVATE");
    expect(await refusal(t.query(api.dashboard.shareLink, { key: "guess" }))).toBe("PRIVATE");
    expect(await refusal(t.query(api.dashboard.shareLink, { key: `${SHARE}x` }))).toBe("PRIVATE");
    expect(await refusal(t.query(api.dashboard.shareLink, { key: OWNER.slice(0, -1) }))).toBe("PRIVATE");
  });

  test.each([
    ["missing", ""],
    ["too short", "short"],
  ])("shareLink tells the owner when STATS_SHARE_KEY is %s", async (_case, value) => {
    vi.stubEnv("STATS_SHARE_KEY", value);
    const t = await setup();
    expect(await t.query(api.dashboard.shareLink, { key: OWNER })).toEqual({ shareKey: null });
  });

  test("a private site without keys, or with short ones, opens to nobody", () => {
    vi.stubEnv("STATS_OWNER_KEY", "");
    vi.stubEnv("STATS_SHARE_KEY", "short");
    expect(roleOf("")).toBeNull();
    expect(roleOf("short")).toBeNull();
    expect(() => checkAccess(undefined)).toThrow(ConvexError);
  });
});

describe("public mode and settings", () => {
  test("public is the default: every traffic query answers without a key", async () => {
    const t = await setup();
    for (const [name, args] of Object.entries(TRAFFIC_QUERIES)) {
      expect(await refusal(t.query(makeFunctionReference<"query">(name), args))).toBe("answered");
    }
  });

  test("shareLink answers null to everyone when the stats are public, keys set or not", async () => {
    const t = await setup();
    expect(await t.query(api.dashboard.shareLink, {})).toBeNull();
    expect(await t.query(api.dashboard.shareLink, { key: "anything" })).toBeNull();
    vi.stubEnv("STATS_OWNER_KEY", OWNER);
    vi.stubEnv("STATS_SHARE_KEY", SHARE);
    expect(await t.query(api.dashboard.shareLink, { key: OWNER })).toBeNull();
    expect(await t.query(api.dashboard.shareLink, { key: SHARE })).toBeNull();
  });

  test("SITE_TIME_ZONE and STATS_ACCESS are checked", () => {
    expect(siteTimeZone({})).toBe("UTC");
    expect(siteTimeZone({ SITE_TIME_ZONE: "Europe/Berlin" })).toBe("Europe/Berlin");
    expect(() => siteTimeZone({ SITE_TIME_ZONE: "Mars/Olympus" })).toThrow(/SITE_TIME_ZONE/);
    expect(settingsOf({ STATS_ACCESS: "private" }).access).toBe("private");
    expect(() => settingsOf({ STATS_ACCESS: "secret" })).toThrow(/STATS_ACCESS/);
  });
});
