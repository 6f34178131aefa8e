import { fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { TableOfContents, WIDE_QUERY } from "./TableOfContents";

const three = '<h2 id="a">Alpha</h2><p>x</p><h3 id="b">Beta</h3><h2 id="c">Gamma</h2>';

function screenIs(wide: boolean) {
  vi.stubGlobal("matchMedia", (query: string) => ({
    matches: query === WIDE_QUERY && wide,
    addEventListener: () => {},
    removeEventListener: () => {},
  }));
}

afterEach(() => vi.unstubAllGlobals());

test("needs at least three headings", () => {
  screenIs(false);
  render(<TableOfContents html='<h2 id="a">A</h2><h2 id="b">B</h2>' />);
  expect(screen.queryByRole("navigation")).toBeNull();
});

test("narrow screens: collapsed until asked, links use the heading ids, closes on a choice", () => {
  screenIs(false);
  render(<TableOfContents html={three} />);
  const nav = screen.getByRole("navigation", { name: "Table of contents" });
  const toggle = within(nav).getByRole("button", { name: "Contents" });
  expect(toggle.getAttribute("aria-expanded")).toBe("false");
  expect(within(nav).queryByRole("link")).toBeNull();
  fireEvent.click(toggle);
  expect(toggle.getAttribute("aria-expanded")).toBe("true");
  const links = within(nav).getAllByRole("link");
  expect(links.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
    ["Alpha", "#a"],
    ["Beta", "#b"],
    ["Gamma", "#c"],
  ]);
  expect(links[1]!.closest("li")?.className).toBe("toc-level-3");
  fireEvent.click(links[2]!);
  expect(toggle.getAttribute("aria-expanded")).toBe("false");
});

test("wide screens: always open, with a title instead of a toggle", () => {
  screenIs(true);
  render(<TableOfContents html={three} />);
  const nav = screen.getByRole("navigation", { name: "Table of contents" });
  expect(within(nav).queryByRole("button")).toBeNull();
  expect(within(nav).getByText("On this page")).toBeTruthy();
  expect(within(nav).getAllByRole("link")).toHaveLength(3);
});
