import { lazy, Suspense, useCallback, useRef, useState } from "react";
import { useSearchShortcut } from "./useSearchShortcut";
import "./SearchButton.css";

const loadDialog = () => import("./SearchDialog");
// The dialog and its query load on first use: post pages stay small.
const SearchDialog = lazy(loadDialog);

interface SearchButtonProps {
  /** Shown beside the icon. Without it the button is the header's icon, named "Search". */
  label?: string;
  /** Whether `/` and Ctrl/Cmd-K open this trigger's dialog; the header's does, others leave it to the header. */
  shortcut?: boolean;
}

/** A search control: opens the search dialog, also on `/` and Ctrl/Cmd-K when `shortcut` is on. */
export function SearchButton({ label, shortcut = true }: SearchButtonProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const show = useCallback(() => setOpen(true), []);
  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);
  useSearchShortcut(show, shortcut);
  return (
    <>
      <button
        ref={button}
        type="button"
        className={label === undefined ? "button search-button" : "button search-trigger"}
        aria-haspopup="dialog"
        aria-keyshortcuts="/ Control+K Meta+K"
        onClick={show}
        // Fetch the dialog's code as the pointer approaches, so opening feels instant.
        onPointerEnter={() => void loadDialog()}
      >
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16">
          <circle cx="7" cy="7" r="5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M10.7 10.7 14.5 14.5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        {label ?? <span className="visually-hidden">Search</span>}
        <kbd aria-hidden="true">/</kbd>
      </button>
      {open && (
        <Suspense fallback={null}>
          <SearchDialog onClose={close} />
        </Suspense>
      )}
    </>
  );
}
