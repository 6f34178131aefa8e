import { describe, expect, test, vi } from "vitest";
import { MAX_LIST_PAGES, POSTS_PER_PAGE } from "../convex/constants";
import { listOf, lookUpList, lookUpPath } from "./listLookup";

describe("listOf", () => {
  test.each([
    ["/page/2", { tag: null, page: 2 }],
    ["/page/1", { tag: null, page: null }],
    ["/page/0", { tag: null, page: null }],
    [`/page/${MAX_LIST_PAGES + 1}`, { tag: null, page: null }],
    ["/tags/convex", { tag: "convex", page: 1 }],
    ["/tags/convex/", { tag: "convex", page: 1 }],
    ["/tags/convex/page/3", { tag: "convex", page: 3 }],
    ["/tags/Convex", { tag: "Convex", page: null }],
    ["/", null],
    ["/tags", null],
    ["/page", null],
    ["/page/2/x", null],
    ["/tags/convex/x", null],
    ["/a-post", null],
    ["/src/main.tsx", null],
  ])("%s → %j", (path, list) => {
    expect(listOf(path)).toEqual(list);
  });
});

/** /api/posts with `count` posts, every one tagged "convex" and the first also "rare". */
const posts = (count: number) => async () =>
  Response.json(Array.from({ length: count }, (_, i) => ({ slug: `p${i}`, tags: i === 0 ? ["convex", "rare"] : ["convex"] })));

describe("lookUpList", () => {
  test("a page past the last, or a tag no post has, is missing; the pages that exist are found", async () => {
    const fetchApi = vi.fn(posts(POSTS_PER_PAGE + 1));
    expect(await lookUpList({ tag: null, page: 2 }, fetchApi)).toBe("found");
    expect(await lookUpList({ tag: null, page: 3 }, fetchApi)).toBe("missing");
    expect(await lookUpList({ tag: "convex", page: 2 }, fetchApi)).toBe("found");
    expect(await lookUpList({ tag: "rare", page: 1 }, fetchApi)).toBe("found");
    expect(await lookUpList({ tag: "rare", page: 2 }, fetchApi)).toBe("missing");
    expect(await lookUpList({ tag: "nope", page: 1 }, fetchApi)).toBe("missing");
    expect(fetchApi).toHaveBeenCalledWith("/api/posts");
  });

  test("a page number the app never shows is missing without asking", async () => {
    const fetchApi = vi.fn(posts(1));
    expect(await lookUpList({ tag: null, page: null }, fetchApi)).toBe("missing");
    expect(fetchApi).not.toHaveBeenCalled();
  });

  test.each([
    ["a network error", async () => Promise.reject(new TypeError("network"))],
    ["an API error", async () => new Response("{}", { status: 500 })],
    ["an odd answer", async () => Response.json({ posts: [] })],
    ["a post without tags", async () => Response.json([{ slug: "x" }])],
  ])("%s is unknown, never missing", async (_name, answer) => {
    expect(await lookUpList({ tag: "nope", page: 1 }, answer)).toBe("unknown");
  });
});

describe("lookUpPath", () => {
  test("slugs ask /api/post, list paths /api/posts, other paths nothing", async () => {
    const fetchApi = vi.fn(async (path: string) => (path === "/api/posts" ? posts(1)() : new Response("{}", { status: 404 })));
    expect(await lookUpPath("/no-such-post", fetchApi)).toEqual({ kind: "missing" });
    expect(await lookUpPath("/tags/convex", fetchApi)).toEqual({ kind: "list" });
    expect(await lookUpPath("/tags/nope", fetchApi)).toEqual({ kind: "missing" });
    expect(await lookUpPath("/page/2", fetchApi)).toEqual({ kind: "missing" });
    fetchApi.mockClear();
    for (const path of ["/", "/stats", "/tags", "/assets/index.js"]) expect(await lookUpPath(path, fetchApi)).toBeNull();
    expect(fetchApi).not.toHaveBeenCalled();
  });
});
