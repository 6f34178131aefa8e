import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type RefObject } from "react";
import { chatGptUrl, claudeUrl } from "./links";

export type CopyResult = "copied" | "failed";

type Props = {
  id: string;
  markdown: string;
  url: string;
  /** The menu button: clicks on it toggle the menu, so they are not outside clicks. */
  buttonRef: RefObject<HTMLButtonElement | null>;
  onClose: (returnFocus: boolean) => void;
  onCopied: (result: CopyResult) => void;
};

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return Array.from(menu?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? []);
}

/** The open "Copy page" menu. A chunk of its own: the button is in the entry, this loads on first use. */
export default function CopyMenuList({ id, markdown, url, buttonRef, onClose, onCopied }: Props) {
  const menuRef = useRef<HTMLUListElement>(null);

  // Before paint, so the first item has focus the moment the menu shows.
  useLayoutEffect(() => {
    menuItems(menuRef.current)[0]?.focus();
  }, []);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) onClose(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [buttonRef, onClose]);

  async function copyMarkdown() {
    onClose(true);
    try {
      await navigator.clipboard.writeText(markdown);
      onCopied("copied");
    } catch {
      // No clipboard API (insecure origin, old browser) or permission denied.
      onCopied("failed");
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    const list = menuItems(menuRef.current);
    const index = list.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => list[(i + list.length) % list.length]?.focus();
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: list.length - 1 };
    if (event.key === "Tab") {
      onClose(false);
    } else if (event.key === "Escape") {
      event.preventDefault();
      onClose(true);
    } else if (event.key in moves) {
      event.preventDefault();
      focusAt(moves[event.key]!);
    }
  }

  return (
    <ul ref={menuRef} id={id} className="copy-menu-list" role="menu" aria-label="Copy page" onKeyDown={onKeyDown}>
      <li role="none">
        <button type="button" role="menuitem" tabIndex={-1} onClick={copyMarkdown}>
          Copy as Markdown
        </button>
      </li>
      <li role="none">
        <a role="menuitem" tabIndex={-1} href={chatGptUrl(url)} target="_blank" rel="noopener noreferrer" onClick={() => onClose(false)}>
          Open in ChatGPT
        </a>
      </li>
      <li role="none">
        <a role="menuitem" tabIndex={-1} href={claudeUrl(url)} target="_blank" rel="noopener noreferrer" onClick={() => onClose(false)}>
          Open in Claude
        </a>
      </li>
    </ul>
  );
}
