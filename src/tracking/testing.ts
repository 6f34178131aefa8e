// Test doubles for the tracker: a page whose visibility a test controls, and
// an in-memory BroadcastChannel shared by several "tabs".
import { vi } from "vitest";
import type { Channel } from "./tabs";
import type { Events, PageLike, TrackerTransport } from "./tracker";

export class FakePage extends EventTarget implements PageLike {
  visibilityState: DocumentVisibilityState = "visible";
  prerendering = false;

  show() {
    this.visibilityState = "visible";
    this.dispatchEvent(new Event("visibilitychange"));
  }

  hide() {
    this.visibilityState = "hidden";
    this.dispatchEvent(new Event("visibilitychange"));
  }

  activate() {
    this.prerendering = false;
    this.dispatchEvent(new Event("prerenderingchange"));
  }
}

export class FakeWindow extends EventTarget implements Events {
  pageHide(persisted: boolean) {
    this.dispatchEvent(Object.assign(new Event("pagehide"), { persisted }));
  }

  pageShow(persisted: boolean) {
    this.dispatchEvent(Object.assign(new Event("pageshow"), { persisted }));
  }
}

/** Channels on one bus hear each other's messages, asynchronously, never their own. */
export function channelBus() {
  const members = new Set<(data: unknown) => void>();
  return (): Channel => {
    const listeners: ((event: MessageEvent) => void)[] = [];
    const receive = (data: unknown) => {
      for (const listener of listeners) listener({ data } as MessageEvent);
    };
    members.add(receive);
    return {
      postMessage(message) {
        for (const member of members) if (member !== receive) queueMicrotask(() => member(message));
      },
      addEventListener(_type, listener) {
        listeners.push(listener as (event: MessageEvent) => void);
      },
      close() {
        members.delete(receive);
      },
    };
  };
}

export function fakeTransport() {
  return {
    view: vi.fn<TrackerTransport["view"]>(async () => null),
    heartbeat: vi.fn<TrackerTransport["heartbeat"]>(async () => null),
    leave: vi.fn<TrackerTransport["leave"]>(async () => null),
    leaveBeacon: vi.fn<TrackerTransport["leaveBeacon"]>(),
  };
}
