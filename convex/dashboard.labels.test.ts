// Issue 23: the page, entry and exit panels label only the rows they answer,
// by a point read each, so a re-run reads the same documents and bytes on a
// site with 20 posts as on one with 600; titles and read completion stay right.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api } from "./_generated/api";
import { PANEL_ROWS } from "./constants";
import { breakdown } from "./dashboard";
import { bucketStart } from "./dashboard.time";
import { measureQuery, page, post, seedContent, sessionId, type StatsTest, type TableReads } from "./stats.fixtures";
import { initConvexTest } from "./test.setup";
import type { DashboardBreakdown, StatsDimension, StatsFilter } from "./validators";

const ZONE = "Europe/Berlin";
// Friday 20 November 2026, 10:00 in Berlin.
const NOW = Date.UTC(2026, 10, 20, 9);
const PATH_PANELS: StatsDimension[] = ["page", "entry", "exit"];

let now = NOW;
const setNow = (ts: number) => {
  now = ts;
  vi.setSystemTime(now);
};

beforeEach(() => {
  vi.useFakeTimers();
  setNow(NOW - 3_600_000);
  vi.stubEnv("SITE_TIME_ZONE", ZONE);
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

/**
 * A site with `posts` published posts (`/p-0` ...; p-3 has no read time), a
 * page, a draft, and the same 15 visits whatever `posts` is: readers 1-12 read
 * `/p-<i>` then /about; readers 13-15 the home page, /p-1 (70 s of a 1-minute
 * read), a missing path and the draft. 16 page rows, more than a panel shows.
 */
async function site(posts: number): Promise<StatsTest> {
  const t = initConvexTest({ transactionLimits: true });
  await seedContent(t, {
    posts: [
      ...Array.from({ length: posts }, (_, i) => ({ ...post(`p-${i}`, `Post ${i}`), readTime: i === 3 ? "" : "1 min read" })),
      post("draft", "Draft", false),
    ],
    pages: [page("about", "About")],
  });
  const visit = async (reader: number, paths: string[]) => {
    for (const path of paths) {
      await t.mutation(api.stats.recordPageView, { path, pageType: "blog", sessionId: sessionId(reader), context: { country: reader % 2 === 0 ? "DE" : "FR" } });
      setNow(now + 75_000);
      if (reader > 12 && path === "/p-1") await t.mutation(api.stats.recordEngagement, { sessionId: sessionId(reader), path, engagedMs: 70_000 });
    }
  };
  for (let reader = 1; reader <= 12; reader++) await visit(reader, [`/p-${reader}`, "/about"]);
  for (let reader = 13; reader <= 15; reader++) await visit(reader, ["/", "/p-1", "/missing", "/draft"]);
  setNow(NOW);
  return t;
}

type Measured = { rows: DashboardBreakdown["rows"]; docs: number; bytes: number; content: number };

async function panel(t: StatsTest, dimension: StatsDimension, filters: StatsFilter[] = [], limit?: number): Promise<Measured> {
  const byTable: TableReads = new Map();
  const args = { range: "7d" as const, anchor: bucketStart("hour", now, ZONE), filters, dimension, limit };
  const { result, usage } = await measureQuery<typeof args, DashboardBreakdown>(t, breakdown, args, byTable);
  const content = (byTable.get("posts")?.docs ?? 0) + (byTable.get("pages")?.docs ?? 0);
  return { rows: result.rows, docs: usage.documentsRead, bytes: usage.bytesRead, content };
}

describe("page labels read only the rows a panel answers", () => {
  test("20 or 600 published posts: the same documents and bytes, at most one post or page per answered row", async () => {
    const small = await site(20);
    const large = await site(600);
    for (const filters of [[], [{ dimension: "country", value: "DE" }]] satisfies StatsFilter[][]) {
      for (const dimension of PATH_PANELS) {
        const few = await panel(small, dimension, filters);
        const many = await panel(large, dimension, filters);
        const what = `${dimension}, ${filters.length} filter(s)`;
        expect(many.rows, what).toEqual(few.rows);
        expect(many.docs, what).toBe(few.docs);
        expect(many.bytes, what).toBe(few.bytes);
        expect(many.content, what).toBeLessThanOrEqual(PANEL_ROWS);
      }
    }
    // "Show all" asks for every row: still one read per row, never the site's posts.
    const all = await panel(large, "page", [], 100);
    expect(all.rows).toHaveLength(16);
    expect(all.content).toBeLessThanOrEqual(16);
  }, 120_000);

  test("titles for posts, pages and fixed pages, the path otherwise; completion only for posts with a read time", async () => {
    const t = await site(20);
    const { rows } = await panel(t, "page", [], 100);
    const byValue = new Map(rows.map((row) => [row.value, row]));
    expect(Object.fromEntries(["/about", "/p-1", "/p-3", "/", "/missing", "/draft"].map((path) => [path, byValue.get(path)?.label]))).toEqual({
      "/about": "About",
      "/p-1": "Post 1",
      "/p-3": "Post 3",
      "/": "Home",
      "/missing": "/missing",
      "/draft": "/draft",
    });
    // Three of /p-1's four readers read it through.
    expect(byValue.get("/p-1")?.completion).toBeCloseTo(0.75, 6);
    expect(byValue.get("/p-2")?.completion).toBe(0);
    for (const path of ["/p-3", "/about", "/", "/missing"]) expect(byValue.get(path)?.completion, path).toBeNull();
    // The panel's first rows carry the same labels as the whole list's.
    const first = (await panel(t, "page")).rows;
    expect(first).toEqual(rows.slice(0, PANEL_ROWS));
    // Readers 1-12 enter on their post and leave from /about; 13-15 enter on the home page and leave from the draft.
    const labels = async (dimension: StatsDimension) => new Map((await panel(t, dimension, [], 100)).rows.map((row) => [row.value, row.label]));
    const entry = await labels("entry");
    expect([entry.get("/"), entry.get("/p-1"), entry.get("/p-12")]).toEqual(["Home", "Post 1", "Post 12"]);
    const exit = await labels("exit");
    expect([...exit]).toEqual([["/about", "About"], ["/draft", "/draft"]]);
  }, 60_000);
});
