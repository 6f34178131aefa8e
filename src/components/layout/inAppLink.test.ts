import { afterEach, describe, expect, it } from "vitest";
import { inAppPath } from "./inAppLink";

const ORIGIN = "http://localhost:3000";

function clickOn(html: string, init: MouseEventInit = {}): string | null {
  document.body.innerHTML = html;
  const anchor = document.querySelector("a")!;
  const event = new MouseEvent("click", { bubbles: true, cancelable: true, button: 0, ...init });
  let result: string | null = null;
  document.body.addEventListener(
    "click",
    (e) => {
      result = inAppPath(e, ORIGIN);
      // jsdom cannot follow a link to another document (it prints "Not implemented"); the answer is what's tested.
      e.preventDefault();
    },
    { once: true },
  );
  (anchor.firstChild ?? anchor).dispatchEvent(event);
  return result;
}

describe("inAppPath", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("routes links to posts, pages and fragments inside the app", () => {
    expect(clickOn('<a href="/publishing-a-post#writing-the-body"><em>x</em></a>')).toBe("/publishing-a-post#writing-the-body");
    expect(clickOn('<a href="#setup">x</a>')).toBe("/#setup");
    expect(clickOn('<a href="/stats?x=1">x</a>')).toBe("/stats?x=1");
  });

  it("leaves files, other origins, new tabs and modified clicks to the browser", () => {
    expect(clickOn('<a href="/rss.xml">x</a>')).toBeNull();
    expect(clickOn('<a href="/api/posts">x</a>')).toBeNull();
    expect(clickOn('<a href="/images/a.svg">x</a>')).toBeNull();
    expect(clickOn('<a href="https://example.com/about">x</a>')).toBeNull();
    expect(clickOn('<a href="/about" target="_blank">x</a>')).toBeNull();
    expect(clickOn('<a href="/about" download>x</a>')).toBeNull();
    expect(clickOn('<a href="/about">x</a>', { ctrlKey: true })).toBeNull();
    expect(clickOn('<a href="/about">x</a>', { button: 1 })).toBeNull();
    expect(clickOn("<a>x</a>")).toBeNull();
  });
});
