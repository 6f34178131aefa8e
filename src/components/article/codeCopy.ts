const RESET_MS = 2000;

const LANGUAGE_NAMES: Record<string, string> = {
  bash: "Bash",
  sh: "Shell",
  shell: "Shell",
  console: "Console",
  css: "CSS",
  html: "HTML",
  js: "JavaScript",
  javascript: "JavaScript",
  json: "JSON",
  jsx: "JSX",
  md: "Markdown",
  markdown: "Markdown",
  py: "Python",
  python: "Python",
  ts: "TypeScript",
  typescript: "TypeScript",
  tsx: "TSX",
  xml: "XML",
  yaml: "YAML",
  yml: "YAML",
};

/** The language a code block is written in, from its `language-*` class, as readers know it. */
export function languageOf(pre: Element): string {
  const match = /(?:^|\s)language-([\w+#-]+)/.exec(pre.querySelector("code")?.className ?? "");
  if (!match) return "Text";
  const id = match[1]!.toLowerCase();
  return LANGUAGE_NAMES[id] ?? id;
}

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
 * Wraps each `pre` under `root` with a bar naming its language and holding a
 * copy button, and makes the `pre` focusable so keyboard users can scroll a
 * long line sideways. The HTML comes
 * from the server, so this runs after render; the returned function undoes it.
 */
export function attachCopyButtons(root: HTMLElement): () => void {
  const timers = new Set<number>();
  const undo: Array<() => void> = [];
  for (const pre of root.querySelectorAll("pre")) {
    const wrapper = document.createElement("div");
    wrapper.className = "code-block";
    const bar = document.createElement("div");
    bar.className = "code-bar";
    const language = document.createElement("span");
    language.className = "code-language";
    language.textContent = languageOf(pre);
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
    bar.append(language, button);
    wrapper.append(bar, pre);
    pre.tabIndex = 0;
    pre.setAttribute("aria-label", `${language.textContent} code`);
    undo.push(() => {
      pre.removeAttribute("tabindex");
      pre.removeAttribute("aria-label");
      wrapper.replaceWith(pre);
    });
  }
  return () => {
    for (const timer of timers) window.clearTimeout(timer);
    for (const step of undo) step();
  };
}
