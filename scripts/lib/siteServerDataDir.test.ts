// The site server's data-folder rule looks at real paths: a link under
// public/ (or any served folder) that leads to the data folder is refused.
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { makeTempDir } from "../../local/testing.ts";
import { refuseDataDirFiles } from "./siteServer.ts";

let temp: ReturnType<typeof makeTempDir>;
let root: string;
let dataDir: string;
beforeAll(() => {
  temp = makeTempDir("site-data-dir-");
  root = path.join(temp.dir, "project");
  dataDir = path.join(temp.dir, "backend");
  fs.mkdirSync(path.join(root, "public"), { recursive: true });
  fs.mkdirSync(dataDir);
  fs.writeFileSync(path.join(dataDir, "admin_key"), "secret");
  fs.writeFileSync(path.join(root, "public", "robots.txt"), "ok");
  fs.symlinkSync(dataDir, path.join(root, "public", "linked"));
  fs.symlinkSync(temp.dir, path.join(root, "around"));
});
afterAll(() => temp.remove());

/** Runs the middleware on a GET of `url`: the status it answered, or "next" when it let the request through. */
function ask(url: string): number | "next" {
  let status: number | "next" = "next";
  const res = { statusCode: 200, setHeader: () => undefined, end: () => (status = res.statusCode) };
  refuseDataDirFiles(root, dataDir)({ url } as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return status;
}

test("files reached through a link into the data folder are refused wherever they are asked for", () => {
  expect(ask("/linked/admin_key")).toBe(404);
  expect(ask("/public/linked/admin_key?raw")).toBe(404);
  expect(ask("/around/backend/admin_key")).toBe(404);
  expect(ask(`/@fs${path.join(root, "public", "linked", "admin_key")}`)).toBe(404);
  expect(ask("/%6Cinked/admin_key")).toBe(404);
  expect(ask("/robots.txt")).toBe("next");
  expect(ask("/missing.js")).toBe("next");
});
