/** How long a restore or a fragment waits for content before giving up. */
export const WAIT_MS = 5_000;

// The reader scrolling, typing or tapping takes over from a pending restore.
const TAKEOVER_EVENTS = ["wheel", "touchstart", "keydown", "mousedown"] as const;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The element a `#fragment` names. Author-written ids carry the sanitizer's
 * `user-content-` prefix, so a link written with the bare id finds them too.
 */
export function findFragmentTarget(root: Document, hash: string): HTMLElement | null {
  const id = safeDecode(hash.replace(/^#/, ""));
  if (id === "") return null;
  return root.getElementById(id) ?? root.getElementById(`user-content-${id}`);
}

/**
 * Calls `apply` with `find()`'s answer once it is not null, checking now and
 * after every DOM change or change of the page's size. It keeps applying
 * after later changes (content still settling above the target: images and
 * fonts resize it without a DOM change) until `timeoutMs` has passed or the
 * reader takes over; `onGiveUp` runs if nothing was ever found. Returns a
 * function that stops it.
 */
export function waitFor<T>(find: () => T | null, apply: (found: T) => void, onGiveUp?: () => void, timeoutMs = WAIT_MS): () => void {
  let applied = false;
  const check = () => {
    const found = find();
    if (found === null) return;
    applied = true;
    apply(found);
  };
  const observer = new MutationObserver(check);
  const resizes = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(check);
  const timer = window.setTimeout(() => {
    stop();
    if (!applied) onGiveUp?.();
  }, timeoutMs);
  function stop() {
    observer.disconnect();
    resizes?.disconnect();
    window.clearTimeout(timer);
    for (const type of TAKEOVER_EVENTS) window.removeEventListener(type, stop, true);
  }
  check();
  observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  resizes?.observe(document.body);
  for (const type of TAKEOVER_EVENTS) window.addEventListener(type, stop, true);
  return stop;
}
