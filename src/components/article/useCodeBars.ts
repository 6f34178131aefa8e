// The code bars (language and Copy) are a lazy chunk: the text never waits
// for them. Article.css keeps each block's room for its bar from the first
// paint, so nothing moves when they arrive.
import { useEffect, type RefObject } from "react";

export function useCodeBars(ref: RefObject<HTMLElement | null>, html: string): void {
  useEffect(() => {
    const root = ref.current;
    if (root === null || root.querySelector("pre") === null) return;
    let live = true;
    let undo: (() => void) | undefined;
    import("./codeCopy").then(
      ({ attachCopyButtons }) => {
        if (live) undo = attachCopyButtons(root);
      },
      // The code stays readable and selectable without its bar.
      () => undefined,
    );
    return () => {
      live = false;
      undo?.();
    };
  }, [ref, html]);
}
