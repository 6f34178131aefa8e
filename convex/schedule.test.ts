import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "./_generated/api";
import { makePost } from "./content.fixtures";
import { initConvexTest } from "./test.setup";

const T0 = Date.UTC(2026, 0, 10, 12, 0);
const HOUR = 3_600_000;

const past = () => makePost("past", { date: "2026-01-01", tags: ["news"], publishAt: Date.UTC(2026, 0, 1) });
const scheduled = (publishAt: number) =>
  makePost("soon", { date: "2026-01-11", tags: ["news"], publishAt, content: "zeppelin", html: "<p>zeppelin</p>", contentHash: `h${publishAt}` });

async function sync(t: ReturnType<typeof initConvexTest>, publishAt: number) {
  await t.mutation(internal.content.sync, { posts: [past(), scheduled(publishAt)], pages: [] });
}

/** Whether search holds the post and its words. */
async function searchable(t: ReturnType<typeof initConvexTest>) {
  const index = await t.query(api.search.index, {});
  return index.entries.some((entry) => entry.slug === "soon") && index.vocabulary.split(" ").includes("zeppelin");
}

/** Everything a reader could see the post through. */
async function seen(t: ReturnType<typeof initConvexTest>) {
  const home = await t.query(api.posts.listPage, { page: 1 });
  const tag = await t.query(api.tags.getPosts, { tag: "news" });
  return {
    direct: (await t.query(api.posts.getBySlug, { slug: "soon" })) !== null,
    list: (await t.query(api.posts.list, {})).some((p) => p.slug === "soon"),
    home: home!.posts.some((p) => p.slug === "soon"),
    tag: tag!.posts.some((p) => p.slug === "soon"),
    tagCount: (await t.query(api.tags.list, {})).find((x) => x.tag === "news")?.count,
    search: await searchable(t),
    newerThanPast: (await t.query(api.posts.getEnd, { slug: "past" }))?.newer?.slug ?? null,
    feedAndApi: await Promise.all(["/rss.xml", "/sitemap.xml", "/api/posts"].map(async (path) => (await (await t.fetch(path)).text()).includes("/soon"))),
  };
}

const hidden = { direct: false, list: false, home: false, tag: false, tagCount: 1, search: false, newerThanPast: null, feedAndApi: [false, false, false] };
const shown = { direct: true, list: true, home: true, tag: true, tagCount: 2, search: true, newerThanPast: "soon", feedAndApi: [true, true, true] };

async function pendingJobs(t: ReturnType<typeof initConvexTest>) {
  return t.run(async (ctx) => (await ctx.db.system.query("_scheduled_functions").collect()).filter((j) => j.state.kind === "pending"));
}

describe("scheduled posts", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  test("hidden everywhere until their time, then shown with no re-sync", async () => {
    const t = initConvexTest();
    await sync(t, T0 + HOUR);
    expect(await seen(t)).toEqual(hidden);
    expect(await pendingJobs(t)).toHaveLength(1);

    vi.advanceTimersByTime(HOUR - 1000);
    await t.finishInProgressScheduledFunctions();
    expect(await seen(t)).toEqual(hidden);

    vi.advanceTimersByTime(1000);
    await t.finishInProgressScheduledFunctions();
    expect(await seen(t)).toEqual(shown);
    expect(await pendingJobs(t)).toHaveLength(0);
    expect(await t.run((ctx) => ctx.db.query("publishJobs").collect())).toEqual([]);
  });

  test("a re-sync that moves the time cancels the old job and schedules one at the new time", async () => {
    const t = initConvexTest();
    await sync(t, T0 + HOUR);
    await sync(t, T0 + 2 * HOUR);
    expect(await pendingJobs(t)).toHaveLength(1);

    vi.advanceTimersByTime(HOUR);
    await t.finishInProgressScheduledFunctions();
    expect(await seen(t)).toEqual(hidden);

    vi.advanceTimersByTime(HOUR);
    await t.finishInProgressScheduledFunctions();
    expect(await seen(t)).toEqual(shown);
  });

  test("a re-sync with nothing changed schedules nothing more", async () => {
    const t = initConvexTest();
    await sync(t, T0 + HOUR);
    const result = await t.mutation(internal.content.sync, { posts: [past(), scheduled(T0 + HOUR)], pages: [] });
    expect(result.posts.unchanged).toBe(2);
    expect(await pendingJobs(t)).toHaveLength(1);
  });

  test("a stale job does nothing: the post was moved later by a sync the job never heard of", async () => {
    const t = initConvexTest();
    await sync(t, T0 + 2 * HOUR);
    await t.mutation(internal.content.publishScheduled, { slug: "soon", publishAt: T0 + HOUR });
    expect(await seen(t)).toEqual(hidden);
  });

  test("a sync after the time has passed publishes it too, and the job then finds nothing to do", async () => {
    const t = initConvexTest();
    await sync(t, T0 + HOUR);
    vi.setSystemTime(T0 + 3 * HOUR);
    await sync(t, T0 + HOUR);
    expect(await seen(t)).toEqual(shown);
    await t.mutation(internal.content.publishScheduled, { slug: "soon", publishAt: T0 + HOUR });
    expect(await seen(t)).toEqual(shown);
  });
});
