import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ENGAGED_IDLE_MS, HEARTBEAT_INTERVAL_MS } from "../../convex/constants";
import type { BlockReason } from "./consent";
import { createTabCoordinator, type Channel } from "./tabs";
import { channelBus, FakePage, FakeWindow, fakeTransport } from "./testing";
import { createTracker, REJOIN_CONFIRM_MS, type Tracker, type VisitHooks } from "./tracker";

interface Tab {
  tracker: Tracker;
  page: FakePage;
  win: FakeWindow;
  transport: ReturnType<typeof fakeTransport>;
}

const trackers: Tracker[] = [];

/** A tab of the site; tabs given the same bus are tabs of one browser. */
function openTab({
  path = "/",
  visible = true,
  prerendering = false,
  channel = null as (() => Channel) | null,
  blocked = (): BlockReason | null => null,
  hooks = {} as VisitHooks,
} = {}): Tab {
  const page = new FakePage();
  page.visibilityState = visible ? "visible" : "hidden";
  page.prerendering = prerendering;
  const win = new FakeWindow();
  const transport = fakeTransport();
  let tab = 0;
  const tracker = createTracker({
    transport,
    blocked,
    coordinate: (handlers) => createTabCoordinator({ tab: `tab-${++tab}-${trackers.length}`, channel: channel?.() ?? null, ...handlers }),
    document: page,
    window: win,
    changeEvents: ["change"],
    hooks,
  });
  trackers.push(tracker);
  tracker.setPath(path);
  return { tracker, page, win, transport };
}

const paths = (fn: { mock: { calls: unknown[][] } }) => fn.mock.calls.map(([path]) => path);

async function advance(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2025-01-01T12:00:00Z"));
});
afterEach(() => {
  for (const tracker of trackers.splice(0)) tracker.stop();
  vi.useRealTimers();
});

describe("a visible tab", () => {
  it("sends one view and a heartbeat at once, then a heartbeat every 30 s", async () => {
    const { transport } = openTab({ path: "/about" });
    await advance(0);
    expect(transport.view.mock.calls).toEqual([["/about", "blog"]]);
    expect(paths(transport.heartbeat)).toEqual(["/about"]);
    await advance(HEARTBEAT_INTERVAL_MS - 1);
    expect(transport.heartbeat).toHaveBeenCalledTimes(1);
    await advance(1);
    await advance(HEARTBEAT_INTERVAL_MS);
    expect(paths(transport.heartbeat)).toEqual(["/about", "/about", "/about"]);
    expect(transport.view).toHaveBeenCalledTimes(1);
  });

  it("sends a view and a heartbeat for each new path", async () => {
    const { tracker, transport } = openTab({ path: "/" });
    await advance(1_000);
    tracker.setPath("/hello-world");
    tracker.setPath("/hello-world");
    await advance(0);
    tracker.setPath("/stats");
    await advance(0);
    expect(transport.view.mock.calls).toEqual([
      ["/", "home"],
      ["/hello-world", "blog"],
      ["/stats", "stats"],
    ]);
    expect(paths(transport.heartbeat)).toEqual(["/", "/hello-world", "/stats"]);
  });

  it("sends nothing for a path the server would reject", async () => {
    const { transport } = openTab({ path: "/" + "x".repeat(600) });
    await advance(HEARTBEAT_INTERVAL_MS);
    expect(transport.view).not.toHaveBeenCalled();
    expect(transport.heartbeat).not.toHaveBeenCalled();
  });

  it("swallows failing calls and keeps going", async () => {
    const onError = vi.fn();
    const transport = fakeTransport();
    transport.view.mockRejectedValue(new Error("offline"));
    transport.heartbeat.mockImplementation(() => {
      throw new Error("no client");
    });
    const page = new FakePage();
    const tracker = createTracker({
      transport,
      blocked: () => null,
      coordinate: (h) => createTabCoordinator({ tab: "t", channel: null, ...h }),
      document: page,
      window: new FakeWindow(),
      onError,
    });
    trackers.push(tracker);
    tracker.setPath("/");
    await advance(HEARTBEAT_INTERVAL_MS);
    expect(transport.heartbeat).toHaveBeenCalledTimes(2);
    expect(onError).toHaveBeenCalled();
  });
});

describe("hidden and visible", () => {
  it("hiding stops the heartbeats and leaves by beacon and socket; showing rejoins at once", async () => {
    const { page, transport } = openTab({ path: "/about" });
    await advance(10_000);
    page.hide();
    expect(transport.leaveBeacon).toHaveBeenCalledTimes(1);
    expect(transport.leave).toHaveBeenCalledTimes(1);
    await advance(HEARTBEAT_INTERVAL_MS * 4);
    expect(transport.heartbeat).toHaveBeenCalledTimes(1);

    page.show();
    await advance(0);
    expect(paths(transport.heartbeat)).toEqual(["/about", "/about"]);
    // Same visit: the view is not recorded again.
    expect(transport.view).toHaveBeenCalledTimes(1);
  });

  it("a quick hide and show confirms the rejoin, in case the beacon lands after it", async () => {
    const { page, transport } = openTab({ path: "/about" });
    await advance(10_000);
    page.hide();
    await advance(500);
    page.show();
    await advance(REJOIN_CONFIRM_MS);
    expect(paths(transport.heartbeat)).toEqual(["/about", "/about", "/about"]);
  });

  it("a tab opened in the background or prerendered sends nothing until it is shown", async () => {
    const background = openTab({ path: "/about", visible: false });
    const prerendered = openTab({ path: "/", prerendering: true });
    await advance(HEARTBEAT_INTERVAL_MS * 2);
    for (const { transport } of [background, prerendered]) {
      expect(transport.view).not.toHaveBeenCalled();
      expect(transport.heartbeat).not.toHaveBeenCalled();
    }
    background.page.show();
    prerendered.page.activate();
    await advance(0);
    expect(background.transport.view.mock.calls).toEqual([["/about", "blog"]]);
    expect(prerendered.transport.view.mock.calls).toEqual([["/", "home"]]);
    expect(prerendered.transport.heartbeat).toHaveBeenCalledTimes(1);
  });

  it("pagehide sends the leave beacon; a back/forward cache restore rejoins at once", async () => {
    const { win, transport } = openTab({ path: "/about" });
    await advance(1_000);
    win.pageHide(true);
    expect(transport.leaveBeacon).toHaveBeenCalledTimes(1);
    win.pageShow(true);
    await advance(0);
    expect(paths(transport.heartbeat)).toEqual(["/about", "/about"]);
    // A normal first load's pageshow (not persisted) changes nothing.
    win.pageShow(false);
    await advance(0);
    expect(transport.heartbeat).toHaveBeenCalledTimes(2);
  });

  it("reports each visit's visible time when it ends", async () => {
    const visitEnded = vi.fn();
    const { tracker, page } = openTab({ path: "/about", hooks: { visitEnded } });
    await advance(10_000);
    page.hide();
    await advance(60_000);
    page.show();
    await advance(5_000);
    tracker.setPath("/");
    expect(visitEnded).toHaveBeenCalledWith("/about", 15_000, false);
  });
  it("tells when a visit's tab is hidden, with its visible time so far", async () => {
    const visitHidden = vi.fn();
    const visitEnded = vi.fn();
    const { win, page } = openTab({ path: "/about", hooks: { visitHidden, visitEnded } });
    await advance(4_000);
    page.hide();
    expect(visitHidden).toHaveBeenCalledWith("/about", 4_000);
    expect(visitEnded).not.toHaveBeenCalled();
    await advance(60_000);
    page.show();
    await advance(1_000);
    win.pageHide(false);
    expect(visitEnded).toHaveBeenCalledWith("/about", 5_000, true);
  });

  it("counts a visible tab left alone for at most the idle window", async () => {
    const visitEnded = vi.fn();
    const { tracker } = openTab({ path: "/about", hooks: { visitEnded } });
    await advance(4 * 60 * 60 * 1000);
    tracker.setPath("/");
    expect(visitEnded).toHaveBeenCalledWith("/about", ENGAGED_IDLE_MS, false);
  });

  it("restarts the idle window on each activity, and counts again from a return after idling", async () => {
    const visitEnded = vi.fn();
    const { tracker, win } = openTab({ path: "/about", hooks: { visitEnded } });
    await advance(ENGAGED_IDLE_MS - 1_000);
    win.dispatchEvent(new Event("scroll"));
    await advance(ENGAGED_IDLE_MS - 1_000);
    win.dispatchEvent(new Event("keydown"));
    // Idle for an hour: only the window after the keydown counts.
    await advance(60 * 60 * 1000);
    win.dispatchEvent(new Event("pointerdown"));
    await advance(5_000);
    tracker.setPath("/");
    expect(visitEnded).toHaveBeenCalledWith("/about", 2 * (ENGAGED_IDLE_MS - 1_000) + ENGAGED_IDLE_MS + 5_000, false);
  });

  it("showing the tab again counts as activity", async () => {
    const visitEnded = vi.fn();
    const { tracker, page } = openTab({ path: "/about", hooks: { visitEnded } });
    page.hide();
    await advance(60 * 60 * 1000);
    page.show();
    await advance(10_000);
    tracker.setPath("/");
    expect(visitEnded).toHaveBeenCalledWith("/about", 10_000, false);
  });
});

describe("two tabs of one browser", () => {
  it("only the most recently shown tab heartbeats, and hiding it hands over instead of leaving", async () => {
    const bus = channelBus();
    const first = openTab({ path: "/about", channel: bus });
    await advance(0);
    const second = openTab({ path: "/hello", channel: bus });
    await advance(0);
    expect(paths(first.transport.heartbeat)).toEqual(["/about"]);
    expect(paths(second.transport.heartbeat)).toEqual(["/hello"]);

    await advance(HEARTBEAT_INTERVAL_MS * 2);
    expect(first.transport.heartbeat).toHaveBeenCalledTimes(1);
    expect(second.transport.heartbeat).toHaveBeenCalledTimes(3);

    second.page.hide();
    await advance(0);
    expect(second.transport.leave).not.toHaveBeenCalled();
    expect(second.transport.leaveBeacon).not.toHaveBeenCalled();
    expect(paths(first.transport.heartbeat)).toEqual(["/about", "/about"]);

    first.page.hide();
    await advance(0);
    expect(first.transport.leaveBeacon).toHaveBeenCalledTimes(1);
  });

  it("counts visible time only while a tab speaks for the browser, so two visible tabs never count one moment twice", async () => {
    const bus = channelBus();
    const firstEnded = vi.fn();
    const secondEnded = vi.fn();
    const first = openTab({ path: "/about", channel: bus, hooks: { visitEnded: firstEnded } });
    await advance(10_000);
    // A second window, side by side: both stay visible, the newer one leads.
    const second = openTab({ path: "/hello", channel: bus, hooks: { visitEnded: secondEnded } });
    await advance(20_000);
    // The reader goes back to the first window.
    first.win.dispatchEvent(new Event("focus"));
    await advance(5_000);
    first.tracker.setPath("/");
    second.tracker.setPath("/");
    expect(firstEnded).toHaveBeenCalledWith("/about", 15_000, false);
    expect(secondEnded).toHaveBeenCalledWith("/hello", 20_000, false);
  });

  it("a tab in the background never takes the lead", async () => {
    const bus = channelBus();
    const front = openTab({ path: "/about", channel: bus });
    const back = openTab({ path: "/hello", channel: bus, visible: false });
    await advance(HEARTBEAT_INTERVAL_MS);
    expect(back.transport.heartbeat).not.toHaveBeenCalled();
    front.page.hide();
    await advance(0);
    expect(front.transport.leave).toHaveBeenCalledTimes(1);
    expect(back.transport.heartbeat).not.toHaveBeenCalled();
  });
});

describe("a browser that must not be counted", () => {
  it.each<BlockReason>(["opted-out", "do-not-track", "automation"])("(%s) sends nothing: no view, heartbeat or leave", async (reason) => {
    const { page, win, transport } = openTab({ path: "/about", blocked: () => reason });
    await advance(HEARTBEAT_INTERVAL_MS * 2);
    page.hide();
    page.show();
    win.pageHide(false);
    win.pageShow(true);
    await advance(HEARTBEAT_INTERVAL_MS);
    expect(transport.view).not.toHaveBeenCalled();
    expect(transport.heartbeat).not.toHaveBeenCalled();
    expect(transport.leave).not.toHaveBeenCalled();
    expect(transport.leaveBeacon).not.toHaveBeenCalled();
  });

  it("opting out while counted leaves once, then sends nothing; opting in again counts at once", async () => {
    let reason: BlockReason | null = null;
    const { tracker, win, transport } = openTab({ path: "/stats", blocked: () => reason });
    await advance(0);
    reason = "opted-out";
    win.dispatchEvent(new Event("change"));
    expect(transport.leave).toHaveBeenCalledTimes(1);
    tracker.setPath("/about");
    await advance(HEARTBEAT_INTERVAL_MS * 2);
    expect(transport.heartbeat).toHaveBeenCalledTimes(1);
    expect(transport.view).toHaveBeenCalledTimes(1);

    reason = null;
    win.dispatchEvent(new Event("change"));
    await advance(0);
    expect(paths(transport.heartbeat)).toEqual(["/stats", "/about"]);
  });
});
