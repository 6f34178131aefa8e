import { expect, test } from "vitest";
import { headingsOf } from "./headings";

test("lists h2 and h3 headings with ids, in order, with their text", () => {
  const html =
    '<h2 id="setup">Set <code>up</code></h2><p>x</p><h3 id="deps">Dependencies</h3><h4 id="deep">Too deep</h4><h2>No id</h2><h2 id="empty"> </h2><h2 id="run">Run</h2>';
  expect(headingsOf(html)).toEqual([
    { id: "setup", text: "Set up", level: 2 },
    { id: "deps", text: "Dependencies", level: 3 },
    { id: "run", text: "Run", level: 2 },
  ]);
});

test("runs and loads nothing from the HTML", () => {
  (window as { hit?: boolean }).hit = false;
  headingsOf('<img src="x" onerror="window.hit = true"><h2 id="a">A</h2>');
  expect((window as { hit?: boolean }).hit).toBe(false);
});
