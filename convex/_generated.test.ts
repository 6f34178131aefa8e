import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";

// `npx convex codegen` needs a deployment, so `_generated/api.d.ts` is kept by
// hand. A module missing from it has no typed `api.<module>` reference.
const convexDir = new URL("./", import.meta.url);

// The same rules the Convex bundler uses to pick entry points.
function moduleNames(): string[] {
  return readdirSync(convexDir, { recursive: true, encoding: "utf8" })
    .map((f) => f.replaceAll("\\", "/"))
    .filter((f) => f.endsWith(".ts") && !f.startsWith("_generated/"))
    .filter((f) => (f.split("/").pop() ?? "").split(".").length === 2)
    .filter((f) => f !== "schema.ts")
    .map((f) => f.slice(0, -".ts".length))
    .sort();
}

const identifier = (name: string) => name.replaceAll("/", "_").replaceAll("-", "_");

describe("convex/_generated/api.d.ts", () => {
  const apiDts = readFileSync(new URL("./_generated/api.d.ts", convexDir), "utf8");
  const listed = [...apiDts.matchAll(/^\s+"?([\w/-]+)"?: typeof \w+;$/gm)]
    .map((m) => m[1])
    .sort();

  test("lists every module under convex/", () => {
    expect(listed).toEqual(moduleNames());
  });

  test.each(moduleNames())("imports the %s module", (name) => {
    expect(apiDts).toContain(`import type * as ${identifier(name)} from "../${name}.js";`);
  });
});
