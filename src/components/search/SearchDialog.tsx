import { useQuery } from "convex/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useNavigate } from "react-router-dom";
import { api } from "../../../convex/_generated/api";
import { MAX_SEARCH_QUERY_CHARS } from "../../../convex/constants";
import type { SearchResult } from "../../../convex/validators";
import { SearchResults } from "./SearchResults";
import { useDebouncedValue } from "./useDebouncedValue";
import "./SearchDialog.css";

/** Typing pauses this long before the query is sent. */
export const SEARCH_DEBOUNCE_MS = 150;

/**
 * A modal combobox: results follow the typed words (and any sync, since the
 * query is live); arrows move, Enter opens, Escape closes.
 */
export default function SearchDialog({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const query = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
  const live = useQuery(api.search.search, query === "" ? "skip" : { query });
  // While the next query loads, keep showing the previous answer rather than flashing "Searching".
  const [kept, setKept] = useState<{ query: string; results: SearchResult[] } | null>(null);
  if (live !== undefined && kept?.results !== live) setKept({ query, results: live });
  const shown = text.trim() === "" ? null : (kept ?? null);
  const results = shown?.results ?? [];
  const navigate = useNavigate();
  const ids = useId();
  const listId = `${ids}-results`;
  const optionId = (i: number) => `${ids}-option-${i}`;
  const dialog = useRef<HTMLDivElement>(null);
  const current = Math.min(active, results.length - 1);

  useEffect(() => {
    // Behind a modal dialog the page must not scroll.
    const { overflow } = document.body.style;
    document.body.style.overflow = "hidden";
    return () => {
      document.body.style.overflow = overflow;
    };
  }, []);

  const open = (result: SearchResult) => {
    onClose();
    void navigate(`/${result.slug}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (results.length === 0) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + results.length) % results.length);
    } else if (event.key === "Enter" && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      const chosen = results[current];
      if (chosen) open(chosen);
    } else if (event.key === "Tab") {
      keepFocusInside(event, dialog.current);
    }
  };

  const expanded = results.length > 0;
  return (
    <div className="search-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div ref={dialog} className="search-dialog" role="dialog" aria-modal="true" aria-label="Search" onKeyDown={onKeyDown}>
        <div className="search-field">
          <input
            type="search"
            role="combobox"
            aria-label="Search posts and pages"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={expanded ? listId : undefined}
            aria-activedescendant={expanded ? optionId(current) : undefined}
            placeholder="Search posts and pages"
            maxLength={MAX_SEARCH_QUERY_CHARS}
            autoComplete="off"
            spellCheck={false}
            // The reader asked for search: the box is where they type.
            autoFocus
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setActive(0);
            }}
          />
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
        {expanded && <SearchResults id={listId} results={results} active={current} optionId={optionId} onPick={open} onHover={setActive} />}
        <p className="search-status" role="status">
          {statusText(text.trim(), shown)}
        </p>
      </div>
    </div>
  );
}

function statusText(typed: string, shown: { query: string; results: SearchResult[] } | null): string {
  if (typed === "") return "Type a word from a post's or page's title or text.";
  if (shown === null) return "Searching…";
  const n = shown.results.length;
  if (n === 0) return `Nothing matches “${shown.query}”.`;
  return `${n} result${n === 1 ? "" : "s"}. Arrow keys to choose, Enter to open.`;
}

/** Tab and Shift-Tab cycle within the dialog, as a modal's focus should. */
function keepFocusInside(event: KeyboardEvent, container: HTMLElement | null): void {
  const focusable = container ? [...container.querySelectorAll<HTMLElement>("input, button")] : [];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
