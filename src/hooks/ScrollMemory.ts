import { Component } from "react";

/** Where each history entry was when the reader left it, by location key. */
export type ScrollPositions = Map<string, number>;

type Props = { entryKey: string; positions: ScrollPositions };

/**
 * Records the page's scroll position under the entry being left, at the
 * commit that shows the next one, before React touches the DOM. Scroll
 * events can't serve: the browser sends them once per frame, so a scroll
 * just before Back or a click (same task, same frame) arrives after the new
 * page has replaced the old one, and is lost or lands on the wrong entry.
 * A class because only getSnapshotBeforeUpdate runs before DOM mutations.
 */
export class ScrollMemory extends Component<Props> {
  getSnapshotBeforeUpdate(previous: Readonly<Props>): number | null {
    return previous.entryKey === this.props.entryKey ? null : window.scrollY;
  }

  componentDidUpdate(previous: Readonly<Props>, _state: unknown, leftY: number | null): void {
    if (leftY !== null) this.props.positions.set(previous.entryKey, leftY);
  }

  render(): null {
    return null;
  }
}
