import { Component } from "react";

// Where each history entry was when the reader left it, by location key:
// Back and Forward within this tab are what it serves.
const positions = new Map<string, number>();

/** The scroll position the entry `key` had when the reader left it, if they did. */
export function leftAt(key: string): number | undefined {
  return positions.get(key);
}

/**
 * Records the page's scroll position under the entry being left, at the
 * commit that shows the next one, before React touches the DOM. Scroll
 * events can't serve: the browser sends them once per frame, so a scroll
 * just before Back or a click (same task, same frame) arrives after the new
 * page has replaced the old one, and is lost or lands on the wrong entry.
 * A class because only getSnapshotBeforeUpdate runs before DOM mutations.
 */
export class ScrollMemory extends Component<{ entryKey: string }> {
  getSnapshotBeforeUpdate(previous: Readonly<{ entryKey: string }>): number | null {
    return previous.entryKey === this.props.entryKey ? null : window.scrollY;
  }

  componentDidUpdate(previous: Readonly<{ entryKey: string }>, _state: unknown, leftY: number | null): void {
    if (leftY !== null) positions.set(previous.entryKey, leftY);
  }

  render(): null {
    return null;
  }
}
