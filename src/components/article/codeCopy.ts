const RESET_MS = 2000;

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API (insecure origin, old browser) or permission denied.
    return false;
  }
}

/**
 * Wraps each `pre` under `root` with a copy button, and makes the `pre`
 * focusable so keyboard users can scroll a long line sideways. The HTML comes
 * from the server, so this runs after render; the returned function undoes it.
 */
export function attachCopyButtons(root: HTMLElement): () => void {
  const timers = new Set<number>();
  const undo: Array<() => void> = [];
  for (const pre of root.querySelectorAll("pre")) {
    const wrapper = document.createElement("div");
    wrapper.className = "code-block";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code to clipboard");
    button.addEventListener("click", async () => {
      const ok = await copyText(pre.querySelector("code")?.textContent ?? pre.textContent ?? "");
      button.textContent = ok ? "Copied" : "Copy failed";
      button.setAttribute("aria-label", ok ? "Code copied" : "Could not copy code");
      const timer = window.setTimeout(() => {
        timers.delete(timer);
        button.textContent = "Copy";
        button.setAttribute("aria-label", "Copy code to clipboard");
      }, RESET_MS);
      timers.add(timer);
    });
    pre.replaceWith(wrapper);
    wrapper.append(button, pre);
    pre.tabIndex = 0;
    undo.push(() => {
      pre.removeAttribute("tabindex");
      wrapper.replaceWith(pre);
    });
  }
  return () => {
    for (const timer of timers) window.clearTimeout(timer);
    for (const step of undo) step();
  };
}
