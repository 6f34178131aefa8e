// Watches convex/ and calls back once edits settle.
import { watch, type FSWatcher } from "node:fs";
import { clearTimeout, setTimeout } from "node:timers";

const DEBOUNCE_MS = 150;

/** Files that change what the backend runs (not tests, not editor droppings). */
export function isFunctionSource(file: string): boolean {
  const name = file.split(/[\\/]/).pop() ?? "";
  if (name.startsWith(".") || name.endsWith("~")) return false;
  return /\.(m|c)?(t|j)sx?$/.test(name) && !/\.test\.|\.spec\./.test(name);
}

export function watchConvexDir(convexDir: string, onChange: (files: string[]) => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  let changed = new Set<string>();
  const watcher: FSWatcher = watch(convexDir, { recursive: true }, (_event, file) => {
    if (file === null || !isFunctionSource(String(file))) return;
    changed.add(String(file));
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const files = [...changed];
      changed = new Set();
      onChange(files);
    }, DEBOUNCE_MS);
  });
  watcher.on("error", () => undefined);
  return () => {
    if (timer !== null) clearTimeout(timer);
    watcher.close();
  };
}
