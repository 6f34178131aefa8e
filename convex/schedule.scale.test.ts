import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { MAX_NEWER_THAN_SCHEDULED, MAX_SYNC_POSTS, MAX_TAGS_PER_POST, POSTS_PER_PAGE } from "./constants";
import { showPublished } from "./content.derived";
import { makePost } from "./content.fixtures";
import { bigPost } from "./content.staging.fixtures";
import { ALL_POSTS, tagList } from "./lists";
import { expectConvexError, initConvexTest } from "./test.setup";

// Publishing a scheduled post at the biggest blog a sync accepts, with
// Convex's transaction limits on: 5,000 posts sharing every one of the
// scheduled post's 10 tags. Moving every row of its 11 lists would read and
// write 55,000 rows, over the 32,000 read and 16,000 written per transaction.

const NOW = Date.UTC(2026, 0, 1);
const PUBLISH_AT = NOW + 3_600_000;
/** With the scheduled post, as many posts as a sync holds. */
const LIVE_POSTS = MAX_SYNC_POSTS - 1;
const TAGS = Array.from({ length: MAX_TAGS_PER_POST }, (_, i) => `shared-${i}`);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

/** A live generation of 4,999 published posts in all 11 lists, and one scheduled post with the same tags, written directly (staging them through convex-test takes minutes). */
async function bigBlogWithScheduled(date: string) {
  const t = initConvexTest({ transactionLimits: true });
  const posts = Array.from({ length: LIVE_POSTS }, (_, i) => bigPost(i, 1, 0, TAGS)).sort((a, b) => (a.date !== b.date ? (a.date > b.date ? -1 : 1) : a.slug < b.slug ? -1 : 1));
  for (let from = 0; from < posts.length; from += 1000) {
    await t.run(async (ctx) => {
      for (let position = from; position < Math.min(posts.length, from + 1000); position++) {
        const { content: _c, html: _h, ...row } = posts[position]!;
        const postId = await ctx.db.insert("posts", { ...row, generation: 1 });
        for (const list of [ALL_POSTS, ...TAGS.map(tagList)]) {
          await ctx.db.insert("postLists", { generation: 1, list, position, postId, slug: row.slug, date: row.date });
        }
      }
    });
  }
  const scheduled = makePost("scheduled", { date, tags: TAGS, publishAt: PUBLISH_AT });
  const postId: Id<"posts"> = await t.run(async (ctx) => {
    await ctx.db.insert("contentLive", { generation: 1 });
    for (const tag of TAGS) await ctx.db.insert("tags", { generation: 1, tag, count: posts.length });
    const { content: _c, html: _h, ...row } = scheduled;
    const id = await ctx.db.insert("posts", { ...row, published: false, scheduled: true, generation: 1 });
    await ctx.db.insert("searchEntries", { generation: 1, ownerId: id, kind: "post", slug: row.slug, title: row.title, description: "", tags: TAGS, headings: "", words: "zeppelin", visible: false });
    return id;
  });
  return { t, posts, postId };
}

describe("publishing a scheduled post at 5,000 posts sharing its 10 tags", () => {
  test("the newest one is one small transaction: it goes before each list's first row and moves none", async () => {
    const { t, posts, postId } = await bigBlogWithScheduled("2026-01-01");
    const usage = await t.run(async (ctx) => {
      const post = (await ctx.db.get("posts", postId))!;
      await ctx.db.patch("posts", postId, { published: true, scheduled: false });
      await showPublished(ctx.db, { ...post, published: true });
      const m = await ctx.meta.getTransactionMetrics();
      return { documentsRead: m.documentsRead.used, documentsWritten: m.documentsWritten.used, bytesRead: m.bytesRead.used };
    });
    console.log(`publishing the newest of ${posts.length + 1} posts with ${TAGS.length} shared tags: ${usage.documentsRead} documents read (${usage.bytesRead} bytes), ${usage.documentsWritten} written`);
    expect(usage.documentsRead).toBeLessThan(100);
    expect(usage.documentsWritten).toBeLessThan(100);

    const home = (await t.query(api.posts.listPage, { page: 1 }))!;
    expect(home.posts[0]!.slug).toBe("scheduled");
    expect(home.pageCount).toBe(Math.ceil((posts.length + 1) / POSTS_PER_PAGE));
    const last = (await t.query(api.posts.listPage, { page: home.pageCount }))!;
    expect(last.posts.at(-1)!.slug).toBe(posts.at(-1)!.slug);
    expect((await t.query(api.posts.listPage, { page: 2 }))!.posts[0]!.slug).toBe(posts[POSTS_PER_PAGE - 1]!.slug);
    const tag = (await t.query(api.tags.getPosts, { tag: TAGS[9]! }))!;
    expect(tag.posts[0]!.slug).toBe("scheduled");
    expect(tag.count).toBe(posts.length + 1);
    expect((await t.query(api.posts.getEnd, { slug: "scheduled" }))!.older?.slug).toBe(posts[0]!.slug);
    expect((await t.query(api.posts.getEnd, { slug: posts[0]!.slug }))!.newer?.slug).toBe("scheduled");
    expect((await t.query(api.search.index, {})).entries.map((e) => e.slug)).toEqual(["scheduled"]);
  }, 300_000);

  test("its job runs within the limits; one dated behind 300 newer posts moves just those", async () => {
    const { t, posts } = await bigBlogWithScheduled(posts300Date());
    await t.mutation(internal.content.publishScheduled, { slug: "scheduled", publishAt: PUBLISH_AT });
    const home = (await t.query(api.posts.listPage, { page: 16 }))!;
    // 300 newer posts fill pages 1–15; the scheduled post opens page 16.
    expect(home.posts[0]!.slug).toBe("scheduled");
    expect(home.posts[1]!.slug).toBe(posts[300]!.slug);
    expect((await t.query(api.posts.getEnd, { slug: "scheduled" }))!.newer?.slug).toBe(posts[299]!.slug);
    expect((await t.query(api.posts.listPage, { page: 1 }))!.posts[0]!.slug).toBe(posts[0]!.slug);
  }, 300_000);
});

/** A date that puts the scheduled post right after the 300th newest post of the fixture. */
function posts300Date(): string {
  const sorted = Array.from({ length: LIVE_POSTS }, (_, i) => bigPost(i, 1)).sort((a, b) => (a.date !== b.date ? (a.date > b.date ? -1 : 1) : a.slug < b.slug ? -1 : 1));
  // Dates are distinct; on the 300th's date, "scheduled" sorts after its "post-…" slug.
  return sorted[299]!.date;
}

describe("a sync refuses a scheduled post its job could not publish in one transaction", () => {
  test(`more than ${MAX_NEWER_THAN_SCHEDULED} newer posts in one of its lists`, async () => {
    const t = initConvexTest({ transactionLimits: true });
    const row = (slug: string, date: string, tags: string[], publishAt?: number) => {
      const { content: _c, html: _h, ...rest } = makePost(slug, { date, tags, ...(publishAt === undefined ? {} : { publishAt }) });
      return rest;
    };
    const newer = Array.from({ length: MAX_NEWER_THAN_SCHEDULED }, (_, i) => row(`n${i}`, "2025-06-01", ["common"]));
    const begin = (posts: ReturnType<typeof row>[]) => t.mutation(internal.content.beginStaging, { posts, pages: [] });
    // As many as allowed: accepted (and a dry run writes nothing).
    await expect(begin([...newer, row("late", "2025-01-01", ["common"], PUBLISH_AT)])).resolves.toBeTruthy();
    await expectConvexError(
      begin([...newer, row("n-extra", "2025-06-02", ["other"]), row("late", "2025-01-01", ["common", "other"], PUBLISH_AT)]),
      /Post "late" is scheduled with 501 newer posts in the home list; a scheduled post may have at most 500/,
    );
    // A draft newer post does not count; a scheduled one does.
    await expect(begin([...newer, row("draft", "2025-06-02", ["common"]), row("late", "2025-01-01", ["common"], PUBLISH_AT)].map((r) => (r.slug === "draft" ? { ...r, published: false } : r)))).resolves.toBeTruthy();
    await expectConvexError(
      begin([...newer.slice(1), row("soon", "2025-06-02", ["common"], PUBLISH_AT), row("x", "2025-06-03", ["common"]), row("late", "2025-01-01", ["common"], PUBLISH_AT)]),
      /Post "late" is scheduled with 501 newer posts/,
    );
  });
});
