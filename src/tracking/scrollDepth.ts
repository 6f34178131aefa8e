// How far down the article a reader got in one page visit: the largest share
// of it that has been on screen, from its top to the end of its text (what
// follows, the related posts, is not the article). Pages without an article
// report nothing. Measured on scroll and resize, a frame at most per frame,
// and shortly after a visit starts, so a post that fits the screen counts as
// read to its end without a scroll.

/** Where the article's text ends: its body, or the article itself. */
export const ARTICLE_SELECTOR = "article.entry";
const BODY_SELECTOR = ".prose";

/** After a visit starts: the post's text may still be loading at the first. */
export const MEASURE_AFTER_START_MS = [500, 2_000] as const;

/** The share 0..1 of a block from `top` to `bottom` (page coordinates) above `seenTo`. */
export function shareSeen(seenTo: number, top: number, bottom: number): number {
  if (bottom <= top) return 0;
  return Math.min(1, Math.max(0, (seenTo - top) / (bottom - top)));
}

export interface ScrollDepth {
  /** A new page visit: forget the last one's depth. */
  reset(): void;
  /** Measures now (the page about to hide is still the visit's page). */
  measure(): void;
  /** The visit's largest share seen, two decimals, or null when it had no article. */
  max(): number | null;
  stop(): void;
}

export function createScrollDepth(win: Window = window, doc: Document = document): ScrollDepth {
  let max: number | null = null;
  let frame: number | null = null;
  let timers: ReturnType<typeof setTimeout>[] = [];

  function measure() {
    const article = doc.querySelector(ARTICLE_SELECTOR);
    if (article === null) return;
    const box = article.getBoundingClientRect();
    const end = (article.querySelector(BODY_SELECTOR) ?? article).getBoundingClientRect().bottom;
    // In viewport coordinates: what is above the viewport's bottom edge has been on screen.
    const share = Math.round(shareSeen(win.innerHeight, box.top, end) * 100) / 100;
    if (max === null || share > max) max = share;
  }

  const onScroll = () => {
    if (frame !== null) return;
    frame = win.requestAnimationFrame(() => {
      frame = null;
      measure();
    });
  };
  win.addEventListener("scroll", onScroll, { passive: true });
  win.addEventListener("resize", onScroll, { passive: true });

  const clearTimers = () => {
    for (const timer of timers) clearTimeout(timer);
    timers = [];
  };

  return {
    reset() {
      max = null;
      clearTimers();
      timers = MEASURE_AFTER_START_MS.map((ms) => setTimeout(measure, ms));
    },
    measure,
    max: () => max,
    stop() {
      clearTimers();
      if (frame !== null) win.cancelAnimationFrame(frame);
      win.removeEventListener("scroll", onScroll);
      win.removeEventListener("resize", onScroll);
    },
  };
}
