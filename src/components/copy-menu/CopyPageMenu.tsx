import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { CopyResult } from "./CopyMenuList";
import "./CopyPageMenu.css";

const loadList = () => import("./CopyMenuList");
// Only the button is in the entry (the post page's JS budget); the menu loads on first use.
const CopyMenuList = lazy(loadList);

type Props = {
  /** The page's markdown source. */
  markdown: string;
  /** Absolute URL of the page, put in the assistant prompts. */
  url: string;
};

const MESSAGE_MS = 2500;

/** "Copy page" menu button: copy the markdown, or open an assistant on the page's URL. */
export function CopyPageMenu({ markdown, url }: Props) {
  const [open, setOpen] = useState(false);
  const [copyResult, setCopyResult] = useState<CopyResult | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  useEffect(() => {
    if (copyResult === null) return;
    const timer = window.setTimeout(() => setCopyResult(null), MESSAGE_MS);
    return () => window.clearTimeout(timer);
  }, [copyResult]);

  function onButtonKeyDown(event: KeyboardEvent) {
    if (event.key === "ArrowDown" && !open) {
      event.preventDefault();
      setOpen(true);
    } else if (event.key === "Escape" && open) {
      close(true);
    }
  }

  return (
    <div className="copy-menu">
      <button
        ref={buttonRef}
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={onButtonKeyDown}
        // Fetch the menu's code as the pointer or keyboard focus arrives, so opening feels instant.
        onPointerEnter={() => void loadList()}
        onFocus={() => void loadList()}
      >
        Copy page
        <svg aria-hidden="true" width="10" height="10" viewBox="0 0 10 10">
          <path d="M1 3l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </button>
      <span className="copy-menu-status" role="status">
        {copyResult === "copied" ? "Copied" : copyResult === "failed" ? "Copy failed" : ""}
      </span>
      {open && (
        <Suspense fallback={null}>
          <CopyMenuList id={menuId} markdown={markdown} url={url} buttonRef={buttonRef} onClose={close} onCopied={setCopyResult} />
        </Suspense>
      )}
    </div>
  );
}
