/// <reference types="vite/client" />
// Every surface a post could be seen through, with one post due in the future:
// the Convex queries and HTTP routes (convex-test), and the link-preview cards
// of the build (dist/) and of the dev/preview servers. Nothing may name it
// before its publishAt; afterwards each surface shows it.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { convexTest } from "convex-test";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import schema from "../../convex/schema";
import { REPO_ROOT } from "../../local/config";
import { loadContent } from "./content";
import { buildCards, ogCardMiddleware } from "./ogCards";

// The modules Convex would deploy (as convex/test.setup.ts picks them).
const modules = import.meta.glob(["../../convex/**/*.*s", "!../../convex/**/*.*.*"]);

const T0 = Date.UTC(2026, 0, 10, 12, 0);
const SOON = "a-secret-launch";
const SOON_TITLE = "Zeppelin launch";

const markdown = (slug: string, title: string, extra: string) =>
  `---\ntitle: ${title}\ndescription: About ${title}.\ndate: 2026-01-0${extra ? "9" : "1"}\nslug: ${slug}\npublished: true\ntags: [news]\n${extra}---\n\nzeppelin ${slug}\n`;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "secrecy-"));
  await mkdir(path.join(root, "content", "blog"), { recursive: true });
  await mkdir(path.join(root, "content", "pages"), { recursive: true });
  await mkdir(path.join(root, "public"), { recursive: true });
  await writeFile(path.join(root, "content", "blog", "old.md"), markdown("old-news", "Old news", ""));
  // Due an hour after T0 (the site's time zone is UTC).
  await writeFile(path.join(root, "content", "blog", "soon.md"), markdown(SOON, SOON_TITLE, 'publishAt: "2026-01-10T13:00"\n'));
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(root, { recursive: true, force: true });
});

async function publishedBackend() {
  const t = convexTest(schema, modules);
  const { posts, pages, problems } = await loadContent(path.join(root, "content"), path.join(root, "public"), "UTC");
  expect(problems).toEqual([]);
  await t.mutation(internal.content.sync, { posts, pages });
  return t;
}

/** What each Convex surface says about the scheduled post: true where it shows. */
async function convexSurfaces(t: Awaited<ReturnType<typeof publishedBackend>>) {
  const end = await t.query(api.posts.getEnd, { slug: "old-news" });
  const httpText = async (p: string) => {
    const response = await t.fetch(p);
    return `${response.status} ${await response.text()}`;
  };
  const mentions = (text: string) => text.includes(SOON) || text.includes(SOON_TITLE);
  return {
    post: (await t.query(api.posts.getBySlug, { slug: SOON })) !== null,
    postEnd: (await t.query(api.posts.getEnd, { slug: SOON })) !== null,
    list: (await t.query(api.posts.list, {})).some((p) => p.slug === SOON),
    home: (await t.query(api.posts.listPage, { page: 1 }))!.posts.some((p) => p.slug === SOON),
    tagPage: (await t.query(api.tags.getPosts, { tag: "news" }))!.posts.some((p) => p.slug === SOON),
    tagCount: (await t.query(api.tags.list, {})).find((x) => x.tag === "news")?.count === 2,
    search:
      JSON.stringify(await t.query(api.search.index, {})).includes(SOON) ||
      (await t.query(api.search.snippets, { slugs: [SOON], marks: ["zeppelin"] })).length > 0,
    prevNext: JSON.stringify([end?.newer, end?.older]).includes(SOON),
    related: end!.related.some((p) => p.slug === SOON),
    rss: mentions(await httpText("/rss.xml")),
    rssFull: mentions(await httpText("/rss-full.xml")),
    sitemap: mentions(await httpText("/sitemap.xml")),
    apiList: mentions(await httpText("/api/posts")),
    apiPost: (await t.fetch(`/api/post?slug=${SOON}`)).ok,
    apiMarkdown: (await t.fetch(`/api/post?slug=${SOON}&format=md`)).ok,
  };
}

const everywhere = (shown: boolean) =>
  Object.fromEntries(
    ["post", "postEnd", "list", "home", "tagPage", "tagCount", "search", "prevNext", "related", "rss", "rssFull", "sitemap", "apiList", "apiPost", "apiMarkdown"].map((k) => [k, shown]),
  );

/** The PNG the dev/preview servers answer for a path, with their API lookups going to `t`. */
async function served(t: Awaited<ReturnType<typeof publishedBackend>>, url: string): Promise<Buffer> {
  const middleware = ogCardMiddleware((p) => t.fetch(p), path.join(root, "cache"));
  return new Promise((resolve, reject) => {
    const res = {
      statusCode: 0,
      setHeader: () => {},
      end: (body: Buffer) => resolve(body),
    } as unknown as ServerResponse;
    middleware({ method: "GET", url } as IncomingMessage, res, (error?: unknown) => reject(error ?? new Error(`${url} was not answered`)));
  });
}

/** Every file under `dir`, with its text (PNG bytes as latin1, enough to find a slug in metadata). */
async function filesUnder(dir: string): Promise<Array<{ name: string; text: string }>> {
  const names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
  return Promise.all(names.map(async (name) => ({ name: path.relative(dir, name), text: (await readFile(name)).toString("latin1") })));
}

describe("a post due in the future", () => {
  test("no Convex query or HTTP route shows it before its publishAt; all do after", { timeout: 60_000 }, async () => {
    const t = await publishedBackend();
    expect(await convexSurfaces(t)).toEqual(everywhere(false));
    vi.setSystemTime(T0 + 3_600_000);
    // The job the sync scheduled, run as the deployment would at that time.
    const job = await t.run(async (ctx) => (await ctx.db.query("publishJobs").collect()).find((j) => j.slug === SOON));
    await t.mutation(internal.content.publishScheduled, { slug: SOON, publishAt: job!.publishAt });
    expect(await convexSurfaces(t)).toEqual(everywhere(true));
  });

  test("the build's dist/ holds no card or file naming it; a build after its time has its card", { timeout: 60_000 }, async () => {
    const dist = path.join(root, "dist");
    // A card left in public/og/ by an older version of the sync, copied by Vite into dist/.
    await mkdir(path.join(dist, "og"), { recursive: true });
    await writeFile(path.join(dist, "og", `${SOON}.png`), SOON_TITLE);
    expect(await buildCards(root, dist, {}, T0)).toEqual(["old-news"]);
    const files = await filesUnder(dist);
    expect(files.map((f) => f.name).sort()).toEqual(["og-default.png", path.join("og", "old-news.png")]);
    expect(files.filter((f) => f.name.includes(SOON) || f.text.includes(SOON) || f.text.includes(SOON_TITLE))).toEqual([]);

    expect((await buildCards(root, dist, {}, T0 + 3_600_000)).sort()).toEqual([SOON, "old-news"]);
  });

  test("the dev and preview servers answer its card path with the site's default card until it is live", { timeout: 60_000 }, async () => {
    const t = await publishedBackend();
    const fallback = await served(t, "/og-default.png");
    expect(await served(t, `/og/${SOON}.png`)).toEqual(fallback);
    expect(await served(t, "/og/no-such-post.png")).toEqual(fallback);
    expect(await served(t, "/og/old-news.png")).not.toEqual(fallback);

    vi.setSystemTime(T0 + 3_600_000);
    const job = await t.run(async (ctx) => (await ctx.db.query("publishJobs").collect()).find((j) => j.slug === SOON));
    await t.mutation(internal.content.publishScheduled, { slug: SOON, publishAt: job!.publishAt });
    expect(await served(t, `/og/${SOON}.png`)).not.toEqual(fallback);
  });

  test("the repository holds no preview card, and its static files list no post", async () => {
    expect(execFileSync("git", ["ls-files", "public"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\n").filter((f) => /\.png$|manifest\.json$/.test(f))).toEqual([]);
    // llms.txt describes the API and feeds; it names no post, so it can name no scheduled one.
    const llms = await readFile(path.join(REPO_ROOT, "public", "llms.txt"), "utf8");
    const { posts } = await loadContent(path.join(REPO_ROOT, "content"), path.join(REPO_ROOT, "public"), "UTC");
    expect(posts.filter((p) => llms.includes(`/${p.slug}`)).map((p) => p.slug)).toEqual([]);
  });
});
