import { useEffect, useRef } from "react";
import type { SearchResult } from "../../../convex/validators";
import { formatDate } from "../formatDate";

interface Props {
  id: string;
  results: SearchResult[];
  active: number;
  optionId: (index: number) => string;
  onPick: (result: SearchResult) => void;
  onHover: (index: number) => void;
}

/** The listbox of a search: title, kind and date, and the quoted text with the matches marked. */
export function SearchResults({ id, results, active, optionId, onPick, onHover }: Props) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector(`[aria-selected="true"]`)?.scrollIntoView?.({ block: "nearest" });
  }, [active]);
  return (
    <ul ref={list} id={id} role="listbox" aria-label="Results" className="search-results">
      {results.map((result, i) => (
        <li
          key={`${result.type}:${result.slug}`}
          id={optionId(i)}
          role="option"
          aria-selected={i === active}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onPick(result)}
          onMouseMove={() => i !== active && onHover(i)}
        >
          <span className="search-result-title">{result.title}</span>
          <span className="search-result-meta">
            {result.type === "post" ? "Post" : "Page"}
            {result.date !== undefined && (
              <>
                {" · "}
                <time dateTime={result.date}>{formatDate(result.date)}</time>
              </>
            )}
          </span>
          {result.snippet.length > 0 && (
            <span className="search-result-snippet">
              {result.snippet.map((segment, j) => (segment.match ? <mark key={j}>{segment.text}</mark> : <span key={j}>{segment.text}</span>))}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
