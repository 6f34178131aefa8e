import { existsSync } from "node:fs";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { SyncArgs, SyncResult } from "../../convex/content";
import { makePost } from "../../convex/content.fixtures";
import { countsTable, runSync, scheduledLines, sendWithAdminKey, withAdminAuth, type Sender } from "./sync";
import type { Target } from "./target";

let dir: string;
const none = { created: 0, updated: 0, deleted: 0, unchanged: 0 };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "sync-"));
  await mkdir(path.join(dir, "content/blog"), { recursive: true });
  await mkdir(path.join(dir, "content/pages"), { recursive: true });
  await mkdir(path.join(dir, ".local-backend"));
  await writeFile(path.join(dir, ".local-backend/admin_key"), "local-admin-key\n");
  await writeFile(
    path.join(dir, "content/blog/hello.md"),
    "---\ntitle: Hello\ndescription: First.\ndate: 2026-01-01\nslug: hello\npublished: true\ntags: []\n---\n\nHi.\n",
  );
  await writeFile(path.join(dir, "content/pages/about.md"), "---\ntitle: About\nslug: about\npublished: true\norder: 1\n---\n\nMe.\n");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function run(options: { dryRun?: boolean; send?: Sender; env?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runSync({
    root: path.join(dir, "content"),
    prod: false,
    dryRun: options.dryRun ?? false,
    env: options.env ?? {},
    cwd: dir,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    send: options.send,
  });
  return code.then((exitCode) => ({ exitCode, out, err }));
}

describe("runSync", () => {
  test("sends every document in one call and prints the counts", async () => {
    const send = vi.fn<Sender>(async () => ({ posts: { ...none, created: 1 }, pages: { ...none, unchanged: 1 } }));
    const { exitCode, out, err } = await run({ send });
    expect(exitCode).toBe(0);
    expect(err).toEqual([]);
    expect(send).toHaveBeenCalledTimes(1);
    const [target, args] = send.mock.calls[0]!;
    expect(target).toMatchObject({ url: "http://127.0.0.1:3210", adminKey: "local-admin-key" });
    expect(args.posts.map((p) => p.slug)).toEqual(["hello"]);
    expect(args.pages.map((p) => p.slug)).toEqual(["about"]);
    expect(args.dryRun).toBe(false);
    expect(out).toContain("Synced to the local backend (http://127.0.0.1:3210):");
    expect(out).toContain("  posts           1          0          0          0");
    expect(out).not.toContain("Nothing changed.");
  });

  test("writes no file: link-preview cards are made by the build and the site servers (ogCards.ts)", async () => {
    const send = async () => ({ posts: { ...none, created: 1 }, pages: { ...none, created: 1 } });
    await run({ send });
    expect(existsSync(path.join(dir, "public", "og"))).toBe(false);
  });

  test("says so when nothing changed", async () => {
    const { out } = await run({ send: async () => ({ posts: { ...none, unchanged: 1 }, pages: { ...none, unchanged: 1 } }) });
    expect(out).toContain("Nothing changed.");
  });

  test("an invalid file stops the sync before anything is sent", async () => {
    await writeFile(
      path.join(dir, "content/blog/bad.md"),
      "---\ntitle: Bad\ndescription: x\ndate: 2026-02-30\nslug: bad\npublished: true\ntags: []\n---\n\nBody.\n",
    );
    const send = vi.fn<Sender>();
    const { exitCode, err } = await run({ send });
    expect(exitCode).toBe(1);
    expect(send).not.toHaveBeenCalled();
    expect(err[0]).toBe(`${path.join(dir, "content/blog/bad.md")}: date: is not a real calendar date, got "2026-02-30"`);
    expect(err.at(-1)).toBe("\n1 problem in 1 file; nothing was written.");
  });

  test("a dry run asks the backend to count without writing", async () => {
    const send = vi.fn<Sender>(async () => ({ posts: { ...none, created: 1 }, pages: { ...none, created: 1 } }));
    const { exitCode, out } = await run({ dryRun: true, send });
    expect(exitCode).toBe(0);
    expect(send.mock.calls[0]![1].dryRun).toBe(true);
    expect(out).toContain("Dry run: 2 changes not written.");
  });

  test("a dry run without a backend still checks and lists what it would send", async () => {
    await rm(path.join(dir, ".local-backend"), { recursive: true });
    const send = vi.fn<Sender>();
    const { exitCode, out } = await run({ dryRun: true, send });
    expect(exitCode).toBe(0);
    expect(send).not.toHaveBeenCalled();
    expect(out).toContain("Dry run, nothing written. Would send:");
    expect(out).toContain("  post  hello  published  2026-01-01  1 min read");
    expect(out).toContain("  page  about  published  order 1");
  });

  test("a missing admin key fails with instructions", async () => {
    await rm(path.join(dir, ".local-backend"), { recursive: true });
    const { exitCode, err } = await run({ send: vi.fn<Sender>() });
    expect(exitCode).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^No admin key at \.local-backend\/admin_key: start the local backend first/)]);
  });

  test("an unreachable backend fails with a clear message", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const { exitCode, err } = await run({ env: { LOCAL_BACKEND_PORT: String(port) } });
    expect(exitCode).toBe(1);
    expect(err).toEqual([
      `Could not reach the local backend at http://127.0.0.1:${port} (ECONNREFUSED). Start it with \`npm run backend\` (or \`npm run dev\`).`,
    ]);
  });
});

describe("sendWithAdminKey", () => {
  test("calls content:beginStaging over HTTP with the admin key, the rows without bodies", async () => {
    const seen: { url?: string; headers?: IncomingHttpHeaders; body?: { path: string; args: [unknown] } } = {};
    const result: SyncResult = { posts: { ...none, created: 1 }, pages: none };
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        Object.assign(seen, { url: req.url, headers: req.headers, body: JSON.parse(body) });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "success", value: { ...result, generation: null }, logLines: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const target: Target = { url: `http://127.0.0.1:${port}`, adminKey: "secret-key", label: "test", local: true };
      const args: SyncArgs = { posts: [], pages: [], dryRun: true };

      await expect(sendWithAdminKey(target, args)).resolves.toEqual(result);
      expect(seen.url).toBe("/api/mutation");
      expect(seen.headers?.authorization).toBe("Convex secret-key");
      expect(seen.body?.path).toBe("content:beginStaging");
      expect(seen.body?.args).toEqual([args]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test("this convex version still ships ConvexHttpClient.setAdminAuth", () => {
    expect(typeof (ConvexHttpClient.prototype as unknown as Record<string, unknown>).setAdminAuth).toBe("function");
    expect(() => withAdminAuth(new ConvexHttpClient("http://127.0.0.1:1"), "k")).not.toThrow();
  });
});

test("countsTable lines up the columns", () => {
  expect(countsTable({ posts: { created: 12, updated: 0, deleted: 3, unchanged: 100 }, pages: none })).toEqual([
    "            created    updated    deleted  unchanged",
    "  posts          12          0          3        100",
    "  pages           0          0          0          0",
  ]);
});

describe("the site's time zone", () => {
  test("SITE_TIME_ZONE, the setting the dashboard reads, places a post's date", async () => {
    const send = vi.fn<Sender>(async () => ({ posts: { ...none, created: 1 }, pages: { ...none, unchanged: 1 } }));
    await run({ send, env: { SITE_TIME_ZONE: "Europe/Berlin" } });
    // 2026-01-01 begins at 23:00 UTC the day before in Berlin.
    expect(send.mock.calls[0]![1].posts[0]!.publishAt).toBe(Date.UTC(2025, 11, 31, 23));
    await run({ send });
    expect(send.mock.calls[1]![1].posts[0]!.publishAt).toBe(Date.UTC(2026, 0, 1));
  });

  test("an unknown zone stops the sync before anything is sent", async () => {
    const send = vi.fn<Sender>();
    const { exitCode, err } = await run({ send, env: { SITE_TIME_ZONE: "Mars/Olympus" } });
    expect(exitCode).toBe(1);
    expect(err.join("\n")).toMatch(/SITE_TIME_ZONE must be an IANA time zone/);
    expect(send).not.toHaveBeenCalled();
  });
});

describe("scheduledLines", () => {
  test("lists published posts whose time is to come, soonest first; nothing when there are none", () => {
    const now = Date.UTC(2026, 0, 10);
    const posts = [
      makePost("later", { publishAt: Date.UTC(2026, 1, 1, 9, 30) }),
      makePost("past", { publishAt: Date.UTC(2026, 0, 1) }),
      makePost("draft", { published: false, publishAt: Date.UTC(2026, 5, 1) }),
      makePost("sooner", { publishAt: Date.UTC(2026, 0, 11) }),
    ];
    expect(scheduledLines(posts, now)).toEqual([
      "Scheduled (hidden until then, published automatically; times in UTC):",
      "  sooner  11 Jan 2026, 00:00",
      "  later  1 Feb 2026, 09:30",
    ]);
    expect(scheduledLines([posts[1]!], now)).toEqual([]);
  });
});
