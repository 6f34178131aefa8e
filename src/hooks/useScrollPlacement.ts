import { useEffect, useLayoutEffect, useState } from "react";
import { useLocation, useNavigationType } from "react-router-dom";
import { findFragmentTarget, waitFor } from "./scrollPlacement";
import type { ScrollPositions } from "./ScrollMemory";

// <Loading> carries data-loading, so a restore waits until no placeholder is left.
const isLoading = () => document.querySelector("[data-loading]") !== null;

/**
 * Puts the reader where they expect after a navigation: Back and Forward
 * return to the entry's last position, a `#fragment` scrolls to its target,
 * anything else starts at the top. Content arrives after the route renders
 * (live queries), so the first two wait until the page can be scrolled there.
 * Returns the positions it restores from, for <ScrollMemory> to record
 * where each entry was left: one set per mounted app (a new document starts
 * with none, and so does each test's router).
 */
export function useScrollPlacement(): ScrollPositions {
  const { key, hash } = useLocation();
  const navigationType = useNavigationType();
  const [positions] = useState<ScrollPositions>(() => new Map());

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
  }, [key, hash, navigationType, positions]);
  return positions;
}
