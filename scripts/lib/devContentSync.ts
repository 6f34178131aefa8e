// `npm run sync` against the local backend, once at start and again when a
// markdown file under content/ changes.
import { existsSync, readdirSync, watch } from "node:fs";
import path from "node:path";
import { runToEnd } from "./devProcesses";

const DEBOUNCE_MS = 300;

export interface ContentSyncOptions {
  /** True once `npm run dev` is stopping: a sync it ended says nothing about the content. */
  isStopping?: () => boolean;
}

export function createContentSync(root: string, env: NodeJS.ProcessEnv, { isStopping = () => false }: ContentSyncOptions = {}) {
  const script = path.join(root, "scripts", "sync.ts");
  let running: Promise<void> | null = null;
  let again = false;

  const runOnce = async () => {
    if (!existsSync(script)) {
      console.warn("[dev] scripts/sync.ts does not exist yet: content was not synced.");
      return;
    }
    const code = await runToEnd("sync", process.execPath, ["--import", "tsx", script], env);
    if (code !== 0 && !isStopping()) console.warn(`[dev] sync failed (exit ${code}); fix the content and save to retry.`);
  };

  /** Runs a sync; a request during a run queues exactly one more. */
  const sync = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again);
      running = null;
    })();
    return running;
  };

  // Directories, not files, are watched: editors (and `sed -i`) save by
  // renaming a new file over the old one, and a recursive fs.watch on Linux
  // loses a file once its inode is replaced.
  const watchContent = (): (() => void) => {
    const dir = path.join(root, "content");
    if (!existsSync(dir)) return () => undefined;
    const dirs = [dir, ...readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name))];
    let timer: NodeJS.Timeout | null = null;
    const watchers = dirs.map((watched) => {
      const watcher = watch(watched, (_event, file) => {
        if (file === null || !String(file).endsWith(".md")) return;
        const name = path.relative(dir, path.join(watched, String(file)));
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          console.log(`[dev] ${name} changed: syncing content…`);
          void sync();
        }, DEBOUNCE_MS);
      });
      watcher.on("error", () => undefined);
      return watcher;
    });
    return () => {
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    };
  };

  return { sync, watchContent };
}
