import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createContentSync } from "./devContentSync";

// A stand-in for scripts/sync.ts that only records that it ran.
const FAKE_SYNC = `import { appendFileSync } from "node:fs";
appendFileSync(process.env.SYNC_LOG!, "ran\\n");
`;

describe("dev content sync", () => {
  let root: string;
  let log: string;
  let stop: () => void = () => undefined;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "dev-sync-"));
    log = path.join(root, "sync.log");
    mkdirSync(path.join(root, "scripts"));
    mkdirSync(path.join(root, "content", "blog"), { recursive: true });
    writeFileSync(path.join(root, "scripts", "sync.ts"), FAKE_SYNC);
    writeFileSync(path.join(root, "content", "blog", "a.md"), "one");
    writeFileSync(log, "");
    vi.spyOn(console, "log").mockImplementation(() => undefined);
  });

  afterEach(() => {
    stop();
    vi.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  const runs = () => readFileSync(log, "utf8").split("\n").filter(Boolean).length;

  test("re-syncs on in-place writes and on saves that rename a new file over the old", async () => {
    const contentSync = createContentSync(root, { ...process.env, SYNC_LOG: log });
    stop = contentSync.watchContent();
    const file = path.join(root, "content", "blog", "a.md");

    writeFileSync(file, "two");
    await vi.waitFor(() => expect(runs()).toBe(1), { timeout: 15_000, interval: 100 });

    // The way editors and `sed -i` save: a new inode replaces the old one.
    const temp = path.join(root, "content", "blog", ".a.md.tmp");
    writeFileSync(temp, "three");
    renameSync(temp, file);
    await vi.waitFor(() => expect(runs()).toBe(2), { timeout: 15_000, interval: 100 });

    writeFileSync(file, "four");
    await vi.waitFor(() => expect(runs()).toBe(3), { timeout: 15_000, interval: 100 });
  }, 60_000);

  test("ignores files that are not markdown", async () => {
    const contentSync = createContentSync(root, { ...process.env, SYNC_LOG: log });
    stop = contentSync.watchContent();
    writeFileSync(path.join(root, "content", "blog", "notes.txt"), "x");
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(runs()).toBe(0);
  });
});
