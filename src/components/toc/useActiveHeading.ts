import { useEffect, useState } from "react";

/**
 * The id of the section being read: the last heading that has scrolled past
 * the top fifth of the viewport (the first one before any has). Watches the
 * headings with an IntersectionObserver, so scrolling runs no code of ours
 * until a heading crosses that line.
 */
export function useActiveHeading(ids: readonly string[]): string | null {
  const [active, setActive] = useState<string | null>(null);
  const key = ids.join("\n");
  useEffect(() => {
    const headings = key
      .split("\n")
      .map((id) => document.getElementById(id))
      .filter((el): el is HTMLElement => el !== null);
    if (headings.length === 0 || typeof IntersectionObserver === "undefined") return;
    const above = new Set<Element>();
    const update = () => {
      const passed = headings.filter((heading) => above.has(heading));
      setActive((passed.at(-1) ?? headings[0]!).id);
    };
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          // Out of the band at the top because it scrolled above it: the reader has passed it.
          const passed = !entry.isIntersecting && entry.boundingClientRect.top < (entry.rootBounds?.top ?? 0) + 1;
          if (entry.isIntersecting || passed) above.add(entry.target);
          else above.delete(entry.target);
        }
        update();
      },
      // The band is everything above 20% of the viewport's height.
      { rootMargin: "0px 0px -80% 0px" },
    );
    for (const heading of headings) observer.observe(heading);
    return () => observer.disconnect();
  }, [key]);
  return active;
}
