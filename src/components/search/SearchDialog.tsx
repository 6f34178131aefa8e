import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useNavigate } from "react-router-dom";
import { MAX_SEARCH_QUERY_CHARS } from "../../../convex/constants";
import type { SearchHit } from "../../../convex/search.engine";
import { SearchHelp } from "./SearchHelp";
import { SearchResults } from "./SearchResults";
import { useSearch, type SearchState } from "./useSearch";
import { useSearchCapture } from "./useSearchCapture";
import "./SearchDialog.css";

/**
 * A modal combobox: results follow every key (and any sync, since the index
 * is live); arrows move, Enter opens, Escape closes. Nothing matching offers
 * a correction, tags and the newest posts.
 */
export default function SearchDialog({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const typed = text.trim();
  const state = useSearch(typed);
  const results = state.answer?.hits ?? [];
  const navigate = useNavigate();
  const ids = useId();
  const listId = `${ids}-results`;
  const optionId = (i: number) => `${ids}-option-${i}`;
  const dialog = useRef<HTMLDivElement>(null);
  const current = Math.min(active, results.length - 1);
  const searched = state.answer !== null && state.answer.terms.length > 0;
  const opened = useSearchCapture(typed, searched ? results.length : null);

  useEffect(() => {
    // Behind a modal dialog the page must not scroll.
    const { overflow } = document.body.style;
    document.body.style.overflow = "hidden";
    return () => {
      document.body.style.overflow = overflow;
    };
  }, []);

  const open = (hit: SearchHit) => {
    opened(hit.entry.slug);
    onClose();
    void navigate(`/${hit.entry.slug}`);
  };
  const input = useRef<HTMLInputElement>(null);
  const suggest = (query: string) => {
    setText(query);
    setActive(0);
    input.current?.focus();
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
            ref={input}
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
        {expanded && <SearchResults id={listId} hits={results} quotes={state.quotes} active={current} optionId={optionId} onPick={open} onHover={setActive} />}
        {typed !== "" && state.help !== null && <SearchHelp help={state.help} onSuggest={suggest} onLeave={onClose} />}
        <p className="search-status" role="status">
          {statusText(typed, state)}
        </p>
      </div>
    </div>
  );
}

function statusText(typed: string, { answer }: SearchState): string {
  if (typed === "") return "Type a word from a post's title, tags or text.";
  if (answer === null) return "Loading search…";
  if (answer.terms.length === 0) return "Type a longer word.";
  const n = answer.hits.length;
  if (n === 0) return `Nothing matches “${typed}”.`;
  const count = `${n} result${n === 1 ? "" : "s"}`;
  const how = !answer.complete ? `No result has every word; ${count} with the most` : answer.corrected !== null ? `${count} for “${answer.corrected}”` : count;
  return `${how}. Arrow keys to choose, Enter to open.`;
}

/** Tab and Shift-Tab cycle within the dialog, as a modal's focus should. */
function keepFocusInside(event: KeyboardEvent, container: HTMLElement | null): void {
  const focusable = container ? [...container.querySelectorAll<HTMLElement>("input, button, a[href]")] : [];
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
