import { useId, useMemo, useState } from "react";
import { headingsOf, MIN_TOC_HEADINGS } from "./headings";
import { useActiveHeading } from "./useActiveHeading";
import { useMediaQuery } from "./useMediaQuery";
import "./TableOfContents.css";

/** Where the contents fit beside the text (keep in step with TableOfContents.css). */
export const WIDE_QUERY = "(min-width: 80rem)";

/**
 * Contents of a post with MIN_TOC_HEADINGS or more headings: beside the text
 * and always open on wide screens, a collapsed list above it on narrow ones.
 * The section being read is marked with aria-current.
 */
export function TableOfContents({ html }: { html: string }) {
  const headings = useMemo(() => headingsOf(html), [html]);
  const active = useActiveHeading(useMemo(() => headings.map((h) => h.id), [headings]));
  const wide = useMediaQuery(WIDE_QUERY);
  const [open, setOpen] = useState(false);
  const listId = useId();
  if (headings.length < MIN_TOC_HEADINGS) return null;
  const shown = wide || open;
  return (
    <nav className="toc" aria-label="Table of contents">
      <div className="toc-inner">
        {wide ? (
          <p className="toc-title">On this page</p>
        ) : (
          <button type="button" className="toc-toggle" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
            Contents
          </button>
        )}
        <ol id={listId} hidden={!shown}>
          {headings.map(({ id, text, level }) => (
            <li key={id} className={`toc-level-${level}`}>
              <a href={`#${id}`} aria-current={id === active ? "location" : undefined} onClick={() => !wide && setOpen(false)}>
                {text}
              </a>
            </li>
          ))}
        </ol>
      </div>
    </nav>
  );
}
