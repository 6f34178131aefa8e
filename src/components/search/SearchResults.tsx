import { useEffect, useRef } from "react";
import type { SearchHit } from "../../../convex/search.engine";
import type { SnippetSegment } from "../../../convex/validators";
import { formatDate } from "../formatDate";

interface Props {
  id: string;
  hits: SearchHit[];
  quotes: ReadonlyMap<string, SnippetSegment[]>;
  active: number;
  optionId: (index: number) => string;
  onPick: (hit: SearchHit) => void;
  onHover: (index: number) => void;
}

/** The listbox of a search: title, kind and date, and a quoted sentence with the matches marked. */
export function SearchResults({ id, hits, quotes, active, optionId, onPick, onHover }: Props) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector(`[aria-selected="true"]`)?.scrollIntoView?.({ block: "nearest" });
  }, [active]);
  return (
    <ul ref={list} id={id} role="listbox" aria-label="Results" className="search-results">
      {hits.map((hit, i) => {
        const { entry } = hit;
        const quote = quotes.get(entry.slug);
        return (
          <li
            key={`${entry.kind}:${entry.slug}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onPick(hit)}
            onMouseMove={() => i !== active && onHover(i)}
          >
            <span className="search-result-title">{entry.title}</span>
            <span className="search-result-meta">
              {entry.kind === "post" ? "Post" : "Page"}
              {entry.date !== undefined && (
                <>
                  {" · "}
                  <time dateTime={entry.date}>{formatDate(entry.date)}</time>
                </>
              )}
              {entry.tags.length > 0 && ` · ${entry.tags.join(", ")}`}
            </span>
            <span className="search-result-snippet">
              {quote !== undefined && quote.length > 0
                ? quote.map((segment, j) => (segment.match ? <mark key={j}>{segment.text}</mark> : <span key={j}>{segment.text}</span>))
                : entry.description}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
