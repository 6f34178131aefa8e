import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { chatGptUrl, claudeUrl } from "./links";
import "./CopyPageMenu.css";

type Props = {
  /** The page's markdown source. */
  markdown: string;
  /** Absolute URL of the page, put in the assistant prompts. */
  url: string;
};

type CopyState = "idle" | "copied" | "failed";
const MESSAGE_MS = 2500;

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return Array.from(menu?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? []);
}

/** "Copy page" menu button: copy the markdown, or open an assistant on the page's URL. */
export function CopyPageMenu({ markdown, url }: Props) {
  const [open, setOpen] = useState(false);
  const [copyState, setCopyState] = useState<CopyState>("idle");
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLUListElement>(null);
  const menuId = useId();

  function close(returnFocus: boolean) {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }

  useEffect(() => {
    if (!open) return;
    menuItems(menuRef.current)[0]?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  useEffect(() => {
    if (copyState === "idle") return;
    const timer = window.setTimeout(() => setCopyState("idle"), MESSAGE_MS);
    return () => window.clearTimeout(timer);
  }, [copyState]);

  async function copyMarkdown() {
    close(true);
    try {
      await navigator.clipboard.writeText(markdown);
      setCopyState("copied");
    } catch {
      // No clipboard API (insecure origin, old browser) or permission denied.
      setCopyState("failed");
    }
  }

  function onMenuKeyDown(event: KeyboardEvent) {
    const list = menuItems(menuRef.current);
    const index = list.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => list[(i + list.length) % list.length]?.focus();
    switch (event.key) {
      case "Escape":
        event.preventDefault();
        close(true);
        break;
      case "ArrowDown":
        event.preventDefault();
        focusAt(index + 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        focusAt(index - 1);
        break;
      case "Home":
        event.preventDefault();
        focusAt(0);
        break;
      case "End":
        event.preventDefault();
        focusAt(list.length - 1);
        break;
      case "Tab":
        setOpen(false);
        break;
    }
  }

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
      >
        Copy page
        <svg aria-hidden="true" width="10" height="10" viewBox="0 0 10 10">
          <path d="M1 3l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </button>
      <span className="copy-menu-status" role="status">
        {copyState === "copied" ? "Copied" : copyState === "failed" ? "Copy failed" : ""}
      </span>
      {open && (
        <ul ref={menuRef} id={menuId} className="copy-menu-list" role="menu" aria-label="Copy page" onKeyDown={onMenuKeyDown}>
          <li role="none">
            <button type="button" role="menuitem" tabIndex={-1} onClick={copyMarkdown}>
              Copy as Markdown
            </button>
          </li>
          <li role="none">
            <a role="menuitem" tabIndex={-1} href={chatGptUrl(url)} target="_blank" rel="noopener noreferrer" onClick={() => close(false)}>
              Open in ChatGPT
            </a>
          </li>
          <li role="none">
            <a role="menuitem" tabIndex={-1} href={claudeUrl(url)} target="_blank" rel="noopener noreferrer" onClick={() => close(false)}>
              Open in Claude
            </a>
          </li>
        </ul>
      )}
    </div>
  );
}
