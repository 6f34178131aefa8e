import { useLayoutEffect, useMemo, useRef } from "react";
import { Loading } from "../Loading";
import { useSanitizer } from "./sanitizer";
import "./Article.css";

/** Renders a post's or page's stored HTML (sanitized at sync time, and again here). */
export function Article({ html }: { html: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const sanitizer = useSanitizer();
  const safeHtml = useMemo(() => (sanitizer.status === "ready" ? sanitizer.sanitize(html) : null), [sanitizer, html]);
  // Layout effect: the buttons appear in the same paint as the code.
  useLayoutEffect(
    () => (ref.current && sanitizer.status === "ready" ? sanitizer.attachCopyButtons(ref.current) : undefined),
    [safeHtml, sanitizer],
  );
  if (sanitizer.status === "error") {
    return (
      <p className="prose" role="alert">
        This text could not be shown: part of the page failed to load. Reload the page to try again.
      </p>
    );
  }
  if (safeHtml === null) return <Loading label="Loading the text" />;
  return <div ref={ref} className="prose" dangerouslySetInnerHTML={{ __html: safeHtml }} />;
}
