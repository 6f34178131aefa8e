import { useEffect, useLayoutEffect } from "react";
import { useLocation, useNavigationType } from "react-router-dom";
import { findFragmentTarget, waitFor } from "./scrollPlacement";
import { leftAt } from "./ScrollMemory";

// <Loading> carries data-loading, so a restore waits until no placeholder is left.
const isLoading = () => document.querySelector("[data-loading]") !== null;

/**
 * Puts the reader where they expect after a navigation: Back and Forward
 * return to the entry's last position, a `#fragment` scrolls to its target,
 * anything else starts at the top. Content arrives after the route renders
 * (live queries), so the first two wait until the page can be scrolled there.
 * <ScrollMemory> records where each entry was left.
 */
export function useScrollPlacement(): void {
  const { key, hash } = useLocation();
  const navigationType = useNavigationType();

  useEffect(() => {
    // The browser's own restoration would run before the content exists.
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  }, []);

  useLayoutEffect(() => {
    if (hash.length > 1) {
      return waitFor(
        () => (isLoading() ? null : findFragmentTarget(document, hash)),
        (target) => target.scrollIntoView(),
      );
    }
    const saved = leftAt(key);
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
