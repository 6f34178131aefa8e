// No browser here: the project's functions on a backend process of its own,
// killed with SIGKILL the moment a mutation is acknowledged.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { api } from "../convex/_generated/api";
import { REPO_ROOT } from "../local/config.ts";
import { copyConvexDir, makeTempDir, spawnBackend, type BackendProcess } from "../local/testing.ts";
import { runSync } from "../scripts/lib/sync.ts";
import { contentForTests } from "./helpers/content.ts";

// Project functions never return document ids, so a copy of convex/ gets one
// extra read-only query that does.
const PROBE_MODULE = `import { v } from "convex/values";
import { query } from "./_generated/server";

export const pageViews = query({
  args: {},
  returns: v.array(v.object({ _id: v.string(), _creationTime: v.number(), path: v.string(), sessionId: v.string() })),
  handler: async (ctx) =>
    (await ctx.db.query("pageViews").take(100)).map(({ _id, _creationTime, path, sessionId }) => ({ _id, _creationTime, path, sessionId })),
});
`;
type StoredView = { _id: string; _creationTime: number; path: string; sessionId: string };
const probe = anyApi.e2eProbe!.pageViews!;

const temps: Array<ReturnType<typeof makeTempDir>> = [];
const running: BackendProcess[] = [];
test.afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await p.exited;
  }
  for (const t of temps.splice(0)) t.remove();
});

test("a page view acknowledged just before SIGKILL is there after a restart, ids unchanged", async () => {
  const { browsedPost } = await contentForTests();
  const functions = makeTempDir("e2e-functions-");
  const data = makeTempDir("e2e-data-");
  temps.push(functions, data);
  const convexDir = copyConvexDir(path.join(REPO_ROOT, "convex"), functions.dir);
  writeFileSync(path.join(convexDir, "e2eProbe.ts"), PROBE_MODULE);
  const start = async () => {
    const backend = spawnBackend(["--port", "0", "--data-dir", data.dir, "--convex-dir", convexDir, "--no-watch"]);
    running.push(backend);
    return { backend, http: new ConvexHttpClient(await backend.ready, { logger: false }) };
  };

  const first = await start();
  const synced = await runSync({
    root: path.join(REPO_ROOT, "content"),
    prod: false,
    dryRun: false,
    env: { VITE_CONVEX_URL: first.backend.url, LOCAL_BACKEND_DIR: data.dir },
    cwd: functions.dir,
    out: () => undefined,
    err: (line) => console.error(line),
  });
  expect(synced).toBe(0);
  const posts = await first.http.query(api.posts.list, {});
  expect(posts.map((p) => p.slug)).toContain(browsedPost.slug);

  const earlierSession = randomUUID();
  await first.http.mutation(api.stats.recordPageView, { path: browsedPost.path, pageType: "blog", sessionId: earlierSession });
  const earlier = (await first.http.query(probe, {})) as StoredView[];
  expect(earlier).toHaveLength(1);

  const lastSession = randomUUID();
  await first.http.mutation(api.stats.recordPageView, { path: "/", pageType: "home", sessionId: lastSession });
  first.backend.child.kill("SIGKILL");
  expect(await first.backend.exited).toBeNull();

  const second = await start();
  const views = (await second.http.query(probe, {})) as StoredView[];
  expect(views).toHaveLength(2);
  expect(views).toContainEqual(earlier[0]);
  const last = views.find((view) => view.sessionId === lastSession);
  expect(last).toMatchObject({ path: "/" });
  expect(last!._creationTime).toBeGreaterThan(earlier[0]!._creationTime);
  expect(await second.http.query(api.posts.list, {})).toEqual(posts);

  const stats = await second.http.query(api.stats.getStats, {});
  expect(stats.totalPageViews).toBe(2);
  expect(stats.pageStats.map(({ path, views }) => ({ path, views }))).toEqual(
    expect.arrayContaining([
      { path: browsedPost.path, views: 1 },
      { path: "/", views: 1 },
    ]),
  );
  // The stored view still deduplicates the same session's revisit.
  await second.http.mutation(api.stats.recordPageView, { path: "/", pageType: "home", sessionId: lastSession });
  expect((await second.http.query(api.stats.getStats, {})).totalPageViews).toBe(2);
});
