// One browser counts once: its tabs agree, over a BroadcastChannel, which one
// speaks for it. The leader is the tab that most recently became visible (or
// navigated while visible); only it heartbeats. When it hides, it hands over
// to another visible tab if there is one, and otherwise the browser leaves.

export const TABS_CHANNEL = "markdown-site:tabs";

type Message =
  | { type: "hello"; tab: string }
  | { type: "visible"; tab: string; visible: boolean }
  | { type: "claim"; tab: string }
  | { type: "handover"; tab: string; to: string };

/** The part of BroadcastChannel used here, so tests can pass an in-memory one. */
export interface Channel {
  postMessage(message: Message): void;
  addEventListener(type: "message", listener: (event: MessageEvent<Message>) => void): void;
  close(): void;
}

/** What a tab must do when it stops being visible. */
export type Release = "leave" | "handed-over" | "nothing";

export interface TabCoordinator {
  /** This tab is visible and speaks for the browser from now on. */
  claim(): void;
  /** This tab is hidden or closing; "leave" when it was the last visible one speaking. */
  release(): Release;
  close(): void;
}

interface Options {
  tab: string;
  channel: Channel | null;
  isVisible(): boolean;
  /** This tab became the leader (after a claim or a handover). */
  onLead(): void;
  /** Another tab took over: stop heartbeating, but do not leave. */
  onFollow(): void;
}

export function createTabCoordinator({ tab, channel, isVisible, onLead, onFollow }: Options): TabCoordinator {
  let leading = false;
  const visiblePeers = new Set<string>();
  const post = (message: Message) => {
    try {
      channel?.postMessage(message);
    } catch {
      // A closed channel (page going away): nothing left to coordinate.
    }
  };

  channel?.addEventListener("message", ({ data }) => {
    if (data.tab === tab) return;
    switch (data.type) {
      case "hello":
        post({ type: "visible", tab, visible: isVisible() });
        break;
      case "visible":
        if (data.visible) visiblePeers.add(data.tab);
        else visiblePeers.delete(data.tab);
        break;
      case "claim":
        visiblePeers.add(data.tab);
        if (leading) {
          leading = false;
          onFollow();
        }
        break;
      case "handover":
        visiblePeers.delete(data.tab);
        if (data.to === tab && isVisible()) claim();
        break;
    }
  });
  post({ type: "hello", tab });

  function claim() {
    leading = true;
    post({ type: "claim", tab });
    onLead();
  }

  return {
    claim,
    release() {
      post({ type: "visible", tab, visible: false });
      if (!leading) return "nothing";
      leading = false;
      const [next] = visiblePeers;
      if (next === undefined) return "leave";
      post({ type: "handover", tab, to: next });
      return "handed-over";
    },
    close() {
      channel?.close();
    },
  };
}

/** A fresh id per page load: tabs are told apart, never stored. */
export function newTabId(): string {
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}
