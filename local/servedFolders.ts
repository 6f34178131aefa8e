// The data folder holds the admin key and every document; the site's servers
// hand out files from public/, src/, dist/ and node_modules/ (and `vite build`
// copies public/ into dist/). So the backend refuses a data folder that is, once
// links are resolved, inside one of them or reachable through a link in one.
import fs from "node:fs";
import path from "node:path";

export const SERVED_FOLDERS = ["public", "src", "dist", "node_modules"] as const;
/**
 * How deep links are looked for in each served folder. node_modules holds
 * tens of thousands of folders; package links (`npm link`, workspaces) sit at
 * its first two levels, so that is as deep as it is searched.
 */
const LINK_SEARCH_DEPTH: Record<(typeof SERVED_FOLDERS)[number], number> = { public: 32, src: 32, dist: 32, node_modules: 2 };

/** `p` with every link resolved; for a path that does not exist yet, its nearest existing ancestor is resolved. */
export function realPathOf(p: string): string {
  let existing = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...rest.reverse());
    } catch (error) {
      const parent = path.dirname(existing);
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || parent === existing) throw error;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

/** Whether `child` is `parent` or inside it (both real paths). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative));
}

/**
 * A link under `folder` (not followed further) whose target holds `target`,
 * or null. A link pointing inside `served` itself (node_modules/.bin's) is
 * skipped without resolving it: a link it leads to is found on its own.
 */
function linkLeadingTo(served: string, folder: string, target: string, depth: number): string | null {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return null;
  }
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isSymbolicLink()) {
      let resolved: string;
      try {
        const written = path.resolve(folder, fs.readlinkSync(full));
        if (isInside(written, served)) continue;
        // A link to a folder not created yet counts too.
        resolved = realPathOf(written);
      } catch {
        continue;
      }
      if (isInside(target, resolved)) return full;
    } else if (entry.isDirectory() && depth > 1) {
      const found = linkLeadingTo(served, full, target, depth - 1);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Why `dataDir` must not be the data folder of a project at `root`, or null. */
export function servedDataDirProblem(dataDir: string, root: string): string | null {
  const real = realPathOf(dataDir);
  for (const name of SERVED_FOLDERS) {
    const folder = path.join(root, name);
    let realFolder: string;
    try {
      realFolder = fs.realpathSync(folder);
    } catch {
      continue;
    }
    const shown = real === path.resolve(dataDir) ? real : `${dataDir} (really ${real})`;
    if (isInside(real, realFolder)) {
      return `The data folder ${shown} is inside ${name}/, which the site serves: its admin key and data would be handed out. Choose another LOCAL_BACKEND_DIR.`;
    }
    const link = linkLeadingTo(folder, folder, real, LINK_SEARCH_DEPTH[name]);
    if (link !== null) {
      return `The data folder ${shown} can be reached through the link ${link}, under ${name}/, which the site serves. Remove the link or choose another LOCAL_BACKEND_DIR.`;
    }
  }
  return null;
}
