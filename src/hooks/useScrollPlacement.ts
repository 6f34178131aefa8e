import { useEffect, useLayoutEffect } from "react";
import { useLocation, useNavigationType } from "react-router-dom";
import { findFragmentTarget, waitFor } from "./scrollPlacement";

// <Loading> carries data-loading, so a restore waits until no placeholder is left.
const isLoading = () => document.querySelector("[data-loading]") !== null;

// Where each history entry was last scrolled to, by location key: Back and
// Forward within this tab are what it serves.
const positions = new Map<string, number>();
let shownKey = "";

function record() {
  positions.set(shownKey, window.scrollY);
}

/**
 * Puts the reader where they expect after a navigation: Back and Forward
 * return to the entry's last position, a `#fragment` scrolls to its target,
 * anything else starts at the top. Content arrives after the route renders
 * (live queries), so the first two wait until the page can be scrolled there.
 */
export function useScrollPlacement(): void {
  const { key, hash } = useLocation();
  const navigationType = useNavigationType();

  // Recorded on every scroll rather than on leaving: by the time the next
  // route renders, the old page and its height are gone.
  useEffect(() => {
    // The browser's own restoration would run before the content exists.
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    window.addEventListener("scroll", record, { passive: true });
    return () => window.removeEventListener("scroll", record);
  }, []);

  useLayoutEffect(() => {
    shownKey = key;
    if (hash.length > 1) {
      return waitFor(
        () => (isLoading() ? null : findFragmentTarget(document, hash)),
        (target) => target.scrollIntoView(),
      );
    }
    const saved = positions.get(key);
    if (navigationType === "POP" && saved !== undefined) {
      const scrollToSaved = () => window.scrollTo(0, saved);
      return waitFor(
        () => (!isLoading() && document.documentElement.scrollHeight >= saved + window.innerHeight ? saved : null),
        scrollToSaved,
        // The page never got that tall (say, a shorter post after a sync): go as far as it goes.
        scrollToSaved,
      );
    }
    window.scrollTo(0, 0);
    return undefined;
  }, [key, hash, navigationType]);
}
