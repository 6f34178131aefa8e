// @vitest-environment node
import { expect, test } from "vitest";
import { MAX_LIST_PAGES } from "../../convex/constants";
import { pageFromParam, pagePath, tagPath } from "./paths";

test.each([
  [undefined, 1],
  ["2", 2],
  [String(MAX_LIST_PAGES), MAX_LIST_PAGES],
  [String(MAX_LIST_PAGES + 1), null],
  ["1", null],
  ["0", null],
  ["02", null],
  ["-3", null],
  ["2.5", null],
  ["abc", null],
  ["99999", null],
])("pageFromParam(%j) is %j", (param, page) => {
  expect(pageFromParam(param)).toBe(page);
});

test("pagePath: page 1 is the list itself", () => {
  expect(pagePath("/", 1)).toBe("/");
  expect(pagePath("/", 3)).toBe("/page/3");
  expect(pagePath(tagPath("convex"), 1)).toBe("/tags/convex");
  expect(pagePath(tagPath("convex"), 2)).toBe("/tags/convex/page/2");
});
