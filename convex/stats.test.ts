import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { DEDUP_WINDOW_MS, MAX_PATH_LENGTH } from "./constants";
import { page, post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { expectConvexError, initConvexTest } from "./test.setup";

const A = sessionId(1);
const B = sessionId(2);
const START = Date.UTC(2025, 0, 1);

async function setup(): Promise<StatsTest> {
  const t = initConvexTest();
  await seedContent(t, {
    posts: [post("hello", "Hello"), post("draft", "Draft", false)],
    pages: [page("about", "About")],
  });
  return t;
}

const allViews = (t: StatsTest) => t.run((ctx) => ctx.db.query("pageViews").collect());

/** Every stats document, keyed by id, to see exactly what a call wrote. */
async function snapshot(t: StatsTest): Promise<Map<string, string>> {
  const entries = await t.run(async (ctx) => {
    const tables = ["pageViews", "presence", "presenceDeadlines", "presenceExpiry", "pageViewTotals", "pathViewTotals"] as const;
    const docs: [string, string][] = [];
    for (const table of tables) {
      for (const doc of await ctx.db.query(table).collect()) {
        docs.push([doc._id, JSON.stringify(doc, (_, value: unknown) => (typeof value === "bigint" ? String(value) : value))]);
      }
    }
    return docs;
  });
  return new Map(entries);
}

function changedIds(before: Map<string, string>, after: Map<string, string>): string[] {
  const ids = new Set([...before.keys(), ...after.keys()]);
  return [...ids].filter((id) => before.get(id) !== after.get(id));
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("recordPageView", () => {
  test("records views of every kind of site page with the type the server resolves", async () => {
    const t = await setup();
    for (const path of ["/", "/stats", "/hello", "/about"]) {
      // The browser cannot tell a post from a page and sends "blog" for both.
      expect(await t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: A })).toBeNull();
    }
    const views = await allViews(t);
    expect(views.map((view) => [view.path, view.pageType, view.newVisitor])).toEqual([
      ["/", "home", true],
      ["/stats", "stats", false],
      ["/hello", "blog", false],
      ["/about", "page", false],
    ]);
    expect(views.every((view) => view.sessionId === A && view.timestamp === START)).toBe(true);
  });

  test("the same session and path again after 29:59 counts once", async () => {
    const t = await setup();
    await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: A });
    vi.setSystemTime(START + DEDUP_WINDOW_MS - 1_000);
    await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: A });
    expect(await allViews(t)).toHaveLength(1);
  });

  test("the same session and path again after 30:01 counts again, not as a new visitor", async () => {
    const t = await setup();
    await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: A });
    vi.setSystemTime(START + DEDUP_WINDOW_MS + 1_000);
    await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: A });
    const views = await allViews(t);
    expect(views.map((view) => [view.timestamp, view.newVisitor])).toEqual([
      [START, true],
      [START + DEDUP_WINDOW_MS + 1_000, false],
    ]);
  });

  test("another path or another session within the window counts", async () => {
    const t = await setup();
    await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: A });
    await t.mutation(api.stats.recordPageView, { path: "/about", pageType: "blog", sessionId: A });
    await t.mutation(api.stats.recordPageView, { path: "/hello", pageType: "blog", sessionId: B });
    const views = await allViews(t);
    expect(views.map((view) => [view.sessionId, view.path, view.newVisitor])).toEqual([
      [A, "/hello", true],
      [A, "/about", false],
      [B, "/hello", true],
    ]);
  });

  test.each(["/nope", "/draft", "/hello/", "/posts/hello", "/tags/nope", "/page/99"])(
    "a well-formed view of %s, which the site has no page for, counts as notFound under that path",
    async (path) => {
      const t = await setup();
      expect(await t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: A })).toBeNull();
      expect((await allViews(t)).map((view) => [view.path, view.pageType])).toEqual([[path, "notFound"]]);
    },
  );

  test.each([
    ["a path without a leading slash", "hello", A, /must start with "\/"/],
    ["an empty path", "", A, /must start with "\/"/],
    ["a path one character too long", "/" + "a".repeat(MAX_PATH_LENGTH), A, /at most 512 characters/],
    ["a NUL in the path", "/hel\u0000lo", A, /control characters/],
    ["a newline in the path", "/hello\n", A, /control characters/],
    ["a session id that is not a UUID", "/hello", "not-a-uuid", /must be a UUID/],
    ["a UUID with trailing text", "/hello", `${A}x`, /must be a UUID/],
  ])("rejects %s and writes nothing", async (_, path, session, message) => {
    const t = await setup();
    await expectConvexError(t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: session }), message);
    expect(await allViews(t)).toEqual([]);
  });

  test("accepts a path of exactly the maximum length", async () => {
    const t = await setup();
    const path = "/" + "a".repeat(MAX_PATH_LENGTH - 1);
    await expect(t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: A })).resolves.toBeNull();
  });

  test("rejects a pageType outside the union and writes nothing", async () => {
    const t = await setup();
    const args = { path: "/hello", pageType: "post", sessionId: A } as unknown as {
      path: string;
      pageType: "blog";
      sessionId: string;
    };
    await expect(t.mutation(api.stats.recordPageView, args)).rejects.toThrow(/Validator error/);
    expect(await allViews(t)).toEqual([]);
  });
});

test("calls from two different sessions never write the same document", async () => {
  const t = await setup();
  const writers = new Map<string, Set<string>>();
  const call = async (session: string, run: () => Promise<unknown>) => {
    const before = await snapshot(t);
    await run();
    for (const id of changedIds(before, await snapshot(t))) {
      writers.set(id, (writers.get(id) ?? new Set()).add(session));
    }
  };
  for (let minute = 0; minute < 40; minute += 5) {
    vi.setSystemTime(START + minute * 60_000);
    for (const session of [A, B]) {
      for (const path of ["/", "/hello", "/about"]) {
        await call(session, () => t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: session }));
        await call(session, () => t.mutation(api.presence.heartbeat, { sessionId: session, path }));
      }
    }
  }
  expect(writers.size).toBeGreaterThan(6);
  expect(Math.max(...[...writers.values()].map((sessions) => sessions.size))).toBe(1);
});
