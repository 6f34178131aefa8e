import { useRef } from "react";
import { useCodeBars } from "./useCodeBars";
import "./Article.css";

/**
 * Renders a post's or page's stored HTML as it is, in the first render. The
 * sync sanitized it at write time, only the admin key can write it, and the
 * site's Content-Security-Policy stops anything in it that would run or load
 * from elsewhere (prds/frontend.md, "Untrusted HTML").
 */
export function Article({ html }: { html: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useCodeBars(ref, html);
  return <div ref={ref} className="prose" dangerouslySetInnerHTML={{ __html: html }} />;
}
