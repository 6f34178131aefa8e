import { useLayoutEffect, useMemo, useRef } from "react";
import { attachCopyButtons } from "./codeCopy";
import { scrubHtml } from "./scrubHtml";
import "./Article.css";

/** Renders a post's or page's stored HTML (rendered and sanitized at sync time). */
export function Article({ html }: { html: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const safeHtml = useMemo(() => scrubHtml(html), [html]);
  // Layout effect: the buttons appear in the same paint as the code.
  useLayoutEffect(() => (ref.current ? attachCopyButtons(ref.current) : undefined), [safeHtml]);
  return <div ref={ref} className="prose" dangerouslySetInnerHTML={{ __html: safeHtml }} />;
}
