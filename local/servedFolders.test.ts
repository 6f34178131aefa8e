// The data folder (admin key, every document) must never be where the site's
// servers or `vite build` would hand it out.
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { startLocalBackend } from "./backend.ts";
import { servedDataDirProblem } from "./servedFolders.ts";
import { ensureStatsKeys } from "./statsKeys.ts";
import { FIXTURE_CONVEX_DIR, makeTempDir } from "./testing.ts";

let temp: ReturnType<typeof makeTempDir>;
let root: string;
let outside: string;
beforeEach(() => {
  temp = makeTempDir("served-folders-");
  root = path.join(temp.dir, "project");
  outside = path.join(temp.dir, "elsewhere");
  for (const folder of ["public", "src", "dist", "node_modules", "content"]) fs.mkdirSync(path.join(root, folder), { recursive: true });
  fs.mkdirSync(outside);
});
afterEach(() => temp.remove());

test("a data folder inside public/, src/, dist/ or node_modules/ is refused, also when it does not exist yet", () => {
  for (const folder of ["public", "src", "dist", "node_modules"]) {
    expect(servedDataDirProblem(path.join(root, folder, "backend"), root)).toContain(`inside ${folder}/`);
    expect(servedDataDirProblem(path.join(root, folder, "a", "b"), root)).toContain(`inside ${folder}/`);
  }
  expect(servedDataDirProblem(path.join(root, ".local-backend"), root)).toBeNull();
  expect(servedDataDirProblem(path.join(root, "content", "data"), root)).toBeNull();
  expect(servedDataDirProblem(outside, root)).toBeNull();
});

test("links are resolved: a path that leads into public/, and a link in a served folder that leads to the data folder", () => {
  // LOCAL_BACKEND_DIR names a link whose target is inside public/.
  fs.symlinkSync(path.join(root, "public"), path.join(temp.dir, "to-public"));
  expect(servedDataDirProblem(path.join(temp.dir, "to-public", "backend"), root)).toContain("inside public/");
  // A link under src/ (deep) or node_modules/ (a package link) reaching the data folder or a folder holding it.
  const data = path.join(outside, "backend");
  fs.mkdirSync(path.join(root, "src", "deep", "er"), { recursive: true });
  fs.symlinkSync(data, path.join(root, "src", "deep", "er", "data"));
  expect(servedDataDirProblem(data, root)).toContain(`through the link ${path.join(root, "src", "deep", "er", "data")}`);
  fs.rmSync(path.join(root, "src", "deep"), { recursive: true });
  fs.mkdirSync(path.join(root, "node_modules", "@scope"));
  fs.symlinkSync(outside, path.join(root, "node_modules", "@scope", "pkg"));
  expect(servedDataDirProblem(data, root)).toContain("under node_modules/");
  fs.rmSync(path.join(root, "node_modules", "@scope"), { recursive: true });
  expect(servedDataDirProblem(data, root)).toBeNull();
});

test("the backend and the stats keys refuse such a folder before writing anything into it", async () => {
  const dataDir = path.join(root, "public", "backend");
  await expect(startLocalBackend({ port: 0, quiet: true, watch: false, dataDir, projectRoot: root, convexDir: FIXTURE_CONVEX_DIR })).rejects.toThrow(
    /inside public\//,
  );
  expect(() => ensureStatsKeys(dataDir, root)).toThrow(/inside public\//);
  expect(fs.existsSync(dataDir)).toBe(false);
});
