import { afterEach, describe, expect, it, vi } from "vitest";
import { watchLinkClicks } from "./linkClicks";

function setup(blocked = false) {
  document.body.innerHTML = `
    <a id="out" href="https://github.com/me?tab=repos"><span id="inner">GitHub</span></a>
    <a id="file" href="/files/talk.pdf">Slides</a>
    <a id="page" href="/about">About</a>
    <a id="mail" href="mailto:me@example.org">Mail</a>`;
  const send = vi.fn();
  const stop = watchLinkClicks({ document, location: { origin: location.origin, pathname: "/hello" }, blocked: () => blocked, send });
  return { send, stop };
}

const clickOn = (id: string, init: MouseEventInit = {}, type = "click") => {
  const event = new MouseEvent(type, { bubbles: true, cancelable: true, ...init });
  document.getElementById(id)!.dispatchEvent(event);
  return event;
};

// jsdom would try to navigate; the listener must not care either way.
document.addEventListener("click", (e) => e.preventDefault());

afterEach(() => {
  document.body.innerHTML = "";
});

describe("watchLinkClicks", () => {
  it("sends an outbound click with its origin and path and the page it was on, without holding the navigation", () => {
    const { send, stop } = setup();
    const event = clickOn("inner");
    expect(send).toHaveBeenCalledWith({ url: "https://github.com/me", page: "/hello" });
    // Only the test's own listener prevents the default; the capture does not.
    expect(event.defaultPrevented).toBe(true);
    stop();
  });

  it("sends a download as its path; a page of the site or a mailto link sends nothing", () => {
    const { send, stop } = setup();
    clickOn("file");
    clickOn("page");
    clickOn("mail");
    expect(send.mock.calls).toEqual([[{ url: "/files/talk.pdf", page: "/hello" }]]);
    stop();
  });

  it("counts a middle click, not a right click", () => {
    const { send, stop } = setup();
    clickOn("out", { button: 1 }, "auxclick");
    clickOn("out", { button: 2 }, "auxclick");
    expect(send).toHaveBeenCalledTimes(1);
    stop();
  });

  it("sends nothing while tracking is blocked (opt-out, DNT, GPC, bots), nor once stopped", () => {
    const blocked = setup(true);
    clickOn("out");
    expect(blocked.send).not.toHaveBeenCalled();
    blocked.stop();
    const { send, stop } = setup();
    stop();
    clickOn("out");
    expect(send).not.toHaveBeenCalled();
  });
});
