// @vitest-environment node
import { expect, test } from "vitest";
import type { PostSummary } from "../../../convex/validators";
import { postsByYear } from "./postsByYear";

const post = (slug: string, date: string): PostSummary => ({ slug, title: slug, description: "", date, tags: [], readTime: "1 min read" });

test("groups by year, newest year and newest post first, whatever the input order", () => {
  const grouped = postsByYear([post("a", "2024-03-01"), post("b", "2026-01-05"), post("c", "2024-11-30"), post("d", "2026-12-31")]);
  expect(grouped.map(({ year, posts }) => [year, posts.map((p) => p.slug)])).toEqual([
    ["2026", ["d", "b"]],
    ["2024", ["c", "a"]],
  ]);
  expect(postsByYear([])).toEqual([]);
});
