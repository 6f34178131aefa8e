import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { api, internal } from "./_generated/api";
import { makePage } from "./content.fixtures";
import { initConvexTest } from "./test.setup";

describe("pages.list", () => {
  test("lists published pages by order, unordered ones last by title", async () => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, {
      posts: [],
      pages: [
        makePage("contact", { title: "Contact", order: 3 }),
        makePage("zebra", { title: "Zebra" }),
        makePage("about", { title: "About", order: 1 }),
        makePage("hidden", { title: "Hidden", order: 0, published: false }),
        makePage("apple", { title: "Apple" }),
        makePage("projects", { title: "Projects", order: 2 }),
      ],
    });
    expect(await t.query(api.pages.list, {})).toEqual([
      { slug: "about", title: "About", order: 1 },
      { slug: "projects", title: "Projects", order: 2 },
      { slug: "contact", title: "Contact", order: 3 },
      { slug: "apple", title: "Apple" },
      { slug: "zebra", title: "Zebra" },
    ]);
  });
});

describe("pages.getBySlug", () => {
  test("returns a published page, null for unknown or unpublished", async () => {
    const t = initConvexTest();
    await t.mutation(internal.content.sync, {
      posts: [],
      pages: [makePage("about"), makePage("draft", { published: false })],
    });
    expect(await t.query(api.pages.getBySlug, { slug: "about" })).toEqual({
      slug: "about",
      title: "Page about",
      content: "Body of about.",
      html: "<p>Body of about.</p>",
    });
    expect(await t.query(api.pages.getBySlug, { slug: "draft" })).toBeNull();
    expect(await t.query(api.pages.getBySlug, { slug: "nope" })).toBeNull();
  });

  test("rejects a malformed slug", async () => {
    const t = initConvexTest();
    await expect(t.query(api.pages.getBySlug, { slug: "About Us" })).rejects.toSatisfy((e: unknown) => e instanceof ConvexError && /Invalid slug/.test(String(e.data)));
  });
});
