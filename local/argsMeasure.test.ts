import { createHash } from "node:crypto";
import type { JSONValue } from "convex/values";
import { describe, expect, test, vi } from "vitest";
import { argsBytes, digestArgs } from "./argsMeasure.ts";
import { queryKey, type QueryCache } from "./queryCache.ts";
import { QuerySet } from "./querySet.ts";

const digest = (value: JSONValue) => {
  const hash = createHash("sha256");
  digestArgs(hash, value);
  return hash.digest("hex");
};

const samples: JSONValue[] = [
  {},
  { path: "/a" },
  { n: 1.5, big: 1e21, neg: -0, t: true, f: false, z: null },
  { nested: { list: [1, "two", [3], {}, []], empty: "" } },
  ["a", { b: ["c"] }],
  { text: "ünïcødé 日本 😀" },
];

describe("argsBytes", () => {
  test("is the UTF-8 length of the arguments' JSON when no string needs escaping", () => {
    for (const value of samples) expect(argsBytes(value), JSON.stringify(value)).toBe(Buffer.byteLength(JSON.stringify(value), "utf8"));
  });

  test("counts an escaped character once, as the character", () => {
    expect(argsBytes({ q: 'say "hi"\n' })).toBe(Buffer.byteLength(JSON.stringify({ q: 'say "hi"\n' })) - 3);
  });
});

describe("digestArgs", () => {
  test("tells apart values JSON would, and gives equal values the same digest", () => {
    const variants: JSONValue[] = [
      ...samples,
      { path: "/b" },
      { path: ["/a"] },
      { a: "b", c: "d" },
      { c: "d", a: "b" },
      { ab: "", "": "ab" },
      { a: "1" },
      { a: 1 },
      { a: "\ud800" },
      { a: "\ud801" },
      { a: "\ufffd" },
      ["a", "b"],
      ["ab"],
      [["a"], "b"],
    ];
    const digests = variants.map(digest);
    expect(new Set(digests).size).toBe(variants.length);
    expect(digest({ path: "/a" })).toBe(digest(JSON.parse('{"path":"/a"}') as JSONValue));
    expect(queryKey("presence:readers", { path: "/a" }, false)).toBe(queryKey("presence:readers", { path: "/a" }, false));
    expect(queryKey("presence:readers", { path: "/a" }, false)).not.toBe(queryKey("presence:readers", { path: "/a" }, true));
  });
});

describe("a subscription with megabytes of arguments", () => {
  test("is sized and keyed without a JSON copy of its arguments", () => {
    const cache = { watch: vi.fn(), unwatch: vi.fn() } as unknown as QueryCache;
    const queries = new QuerySet(cache, { stale: () => undefined }, () => false);
    const args = { path: "/".padEnd(4 * 1024 * 1024, "x") };
    const stringify = vi.spyOn(JSON, "stringify");
    try {
      queries.add(1, "presence:readers", args);
      expect(stringify.mock.calls.filter(([value]) => value === args)).toEqual([]);
    } finally {
      stringify.mockRestore();
    }
    expect(queries.holdings()).toEqual({ subscriptions: 1, argBytes: Buffer.byteLength(JSON.stringify(args)) });
    expect(queries.get(1)!.key).toBe(queryKey("presence:readers", args, false));
  });
});
