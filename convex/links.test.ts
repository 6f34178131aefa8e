// Missing pages, outbound clicks and downloads: what each stores, how each
// field is cleaned, and what the link panels report.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { MAX_LINK_URL_LENGTH } from "./constants";
import { cleanClick, UNKNOWN_HOST } from "./links.input";
import { CLICK_BEACON_PATH, clickTarget } from "./links.target";
import { page, post, seedContent, sessionId, type StatsTest } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { LinkKind, StatsFilter, VisitContext } from "./validators";

const A = sessionId(1);
const B = sessionId(2);
const START = Date.UTC(2025, 0, 15, 12);
const HOUR = 3_600_000;

async function setup(): Promise<StatsTest> {
  const t = initConvexTest();
  await seedContent(t, { posts: [post("hello", "Hello"), post("other", "Other")], pages: [page("about", "About")] });
  return t;
}

const view = (t: StatsTest, path: string, sid = A, context?: VisitContext) =>
  t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sid, context });
const click = (t: StatsTest, url: string, page?: string, sid: string | undefined = A) =>
  t.mutation(api.links.recordClick, { url, ...(page === undefined ? {} : { page }), ...(sid === undefined ? {} : { sessionId: sid }) });
const report = (t: StatsTest, kind: LinkKind, groupBy: "key" | "host" = "key", filters: StatsFilter[] = [], host?: string) =>
  t.query(api.links.report, { range: "7d", anchor: Date.now(), filters, kind, groupBy, ...(host === undefined ? {} : { host }) });
const linkDays = (t: StatsTest) => t.run((ctx) => ctx.db.query("linkDays").collect());

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("missing pages", () => {
  test("a reader from another site on a missing path: the path is listed with that source", async () => {
    const t = await setup();
    await view(t, "/old-post", A, { referrerHost: "news.ycombinator.com" });
    await view(t, "/old-post", B, { referrerHost: "news.ycombinator.com" });
    const { rows } = await report(t, "notFound");
    expect(rows).toEqual([
      { value: "/old-post", host: "", count: 2, visitors: 2, froms: [{ from: "Hacker News", fromKind: "source", count: 2 }] },
    ]);
  });

  test("a broken link on the site names the post that holds it", async () => {
    const t = await setup();
    await view(t, "/hello");
    vi.advanceTimersByTime(5_000);
    await view(t, "/helo");
    const { rows } = await report(t, "notFound");
    expect(rows[0]!.froms).toEqual([{ from: "/hello", fromKind: "page", fromTitle: "Hello", count: 1 }]);
  });

  test("views of pages that exist are not counted; a direct hit has no origin", async () => {
    const t = await setup();
    await view(t, "/about");
    await view(t, "/nope", B);
    expect(await linkDays(t)).toHaveLength(1);
    expect((await report(t, "notFound")).rows[0]!.froms).toEqual([{ from: "", fromKind: "none", count: 1 }]);
  });

  test("a missing path that becomes a post counts no more, and its earlier rows say so", async () => {
    const t = await setup();
    await view(t, "/later");
    await seedContent(t, { posts: [post("hello", "Hello"), post("later", "Later")] });
    vi.advanceTimersByTime(HOUR);
    await view(t, "/later", B);
    const { rows } = await report(t, "notFound");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ value: "/later", count: 1, nowExists: true });
    // A range after it was published lists nothing.
    vi.advanceTimersByTime(8 * 24 * HOUR);
    expect((await report(t, "notFound")).rows).toEqual([]);
  });

  test("a page filter keeps that missing path; a source filter the readers from that source", async () => {
    const t = await setup();
    await view(t, "/a", A, { referrerHost: "news.ycombinator.com" });
    await view(t, "/b", B);
    expect((await report(t, "notFound", "key", [{ dimension: "page", value: "/b" }])).rows.map((r) => r.value)).toEqual(["/b"]);
    expect((await report(t, "notFound", "key", [{ dimension: "source", value: "Hacker News" }])).rows.map((r) => r.value)).toEqual(["/a"]);
  });
});

describe("outbound clicks and downloads", () => {
  test("clicks on one link in a day are one document; visitors are distinct", async () => {
    const t = await setup();
    await click(t, "https://github.com/get-convex/convex-backend", "/hello");
    await click(t, "https://github.com/get-convex/convex-backend", "/hello");
    await click(t, "https://github.com/get-convex/convex-backend", "/hello", B);
    await click(t, "https://docs.github.com/en", "/other", B);
    expect(await linkDays(t)).toHaveLength(2);
    const byHost = await report(t, "outbound", "host");
    expect(byHost.rows.map((r) => [r.value, r.count, r.visitors])).toEqual([
      ["github.com", 3, 2],
      ["docs.github.com", 1, 1],
    ]);
    const drill = await report(t, "outbound", "key", [], "github.com");
    expect(drill.rows).toEqual([
      { value: "https://github.com/get-convex/convex-backend", host: "github.com", count: 3, visitors: 2, froms: [{ from: "/hello", fromKind: "page", fromTitle: "Hello", count: 3 }] },
    ]);
  });

  test("the page filter keeps the clicks made on that page", async () => {
    const t = await setup();
    await click(t, "https://github.com/x", "/hello");
    await click(t, "https://example.org/y", "/other");
    const rows = (await report(t, "outbound", "host", [{ dimension: "page", value: "/other" }])).rows;
    expect(rows.map((r) => r.value)).toEqual(["example.org"]);
  });

  test("a same-site file path is a download, grouped by type", async () => {
    const t = await setup();
    await click(t, "/files/slides.pdf?x=1", "/hello");
    expect((await report(t, "download")).rows).toMatchObject([{ value: "/files/slides.pdf", host: "pdf", count: 1 }]);
    expect((await report(t, "outbound")).rows).toEqual([]);
  });

  test("a bad field drops the field, not the click", async () => {
    const t = await setup();
    await click(t, "javascript:alert(1)", "not a path", "not-a-uuid");
    const [doc] = await linkDays(t);
    expect(doc).toMatchObject({ kind: "outbound", key: UNKNOWN_HOST, host: UNKNOWN_HOST, from: "", fromKind: "none", count: 1 });
    expect(doc!.hashes).toBeUndefined();
  });

  test("the beacon counts a click and refuses a body that is no click", async () => {
    const t = await setup();
    const send = (body: string) => t.fetch(CLICK_BEACON_PATH, { method: "POST", body, headers: { "Content-Type": "text/plain;charset=UTF-8" } });
    expect((await send(JSON.stringify({ url: "https://example.org/a", page: "/hello", sessionId: A }))).status).toBe(204);
    expect((await send("{oops")).status).toBe(400);
    expect((await send("x".repeat(5_000))).status).toBe(400);
    expect((await report(t, "outbound", "host")).rows.map((r) => r.value)).toEqual(["example.org"]);
  });
});

describe("cleanClick", () => {
  test("keeps origin and path only: query strings and fragments may carry tokens", () => {
    expect(cleanClick({ url: "https://Example.org/a/b?token=secret#x" }).key).toBe("https://example.org/a/b");
  });
  test("a URL past the length limit keeps its origin; a huge one is unreadable", () => {
    const long = `https://example.org/${"a".repeat(MAX_LINK_URL_LENGTH)}`;
    expect(cleanClick({ url: long })).toMatchObject({ key: "https://example.org", host: "example.org" });
    expect(cleanClick({ url: `https://example.org/${"a".repeat(10_000)}` }).key).toBe(UNKNOWN_HOST);
  });
  test("www. is folded into the host; a session id is lower-cased", () => {
    expect(cleanClick({ url: "https://www.github.com/", sessionId: A.toUpperCase() })).toMatchObject({ host: "github.com", sessionId: A });
  });
  test("a same-site path that is not a file is no download", () => {
    expect(cleanClick({ url: "/about" })).toMatchObject({ kind: "outbound", key: UNKNOWN_HOST });
  });
});

describe("clickTarget (the browser's side)", () => {
  const ORIGIN = "https://blog.example";
  test("another origin is outbound, without query or fragment", () => {
    expect(clickTarget("https://github.com/a?b=c#d", ORIGIN)).toEqual({ url: "https://github.com/a" });
  });
  test("a file on the site is a download; a page of the site, mailto and javascript are nothing", () => {
    expect(clickTarget("/files/cv.PDF", ORIGIN)).toEqual({ url: "/files/cv.PDF" });
    expect(clickTarget("/about", ORIGIN)).toBeNull();
    expect(clickTarget("mailto:me@example.org", ORIGIN)).toBeNull();
    expect(clickTarget("javascript:void(0)", ORIGIN)).toBeNull();
  });
});

describe("ranges", () => {
  test("a custom range counts only the clicks of its days", async () => {
    const t = await setup();
    await click(t, "https://github.com/a", "/hello");
    vi.advanceTimersByTime(3 * 24 * HOUR);
    await click(t, "https://github.com/b", "/hello", B);
    const custom = { from: "2025-01-18", to: "2025-01-18" };
    const { rows } = await t.query(api.links.report, { range: "7d", anchor: Date.now(), filters: [], kind: "outbound", groupBy: "key", custom });
    expect(rows.map((r) => r.value)).toEqual(["https://github.com/b"]);
  });
});
