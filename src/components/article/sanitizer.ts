// The sanitizer is loaded on demand: it weighs about as much as the rest of
// the post page's budget allows, and only posts and pages need it. SlugPage
// starts the load with the post's query, so it is usually there first. The
// code blocks' copy buttons ride in the same chunk: they are only attached once
// a sanitized body is on screen, so they never wait for it.
import { useEffect, useState } from "react";
import type { attachCopyButtons } from "./codeCopy";

export type Sanitize = (html: string) => string;
/** What the lazy chunk gives an article. */
export type ArticleTools = { sanitize: Sanitize; attachCopyButtons: typeof attachCopyButtons };
export type SanitizerState = { status: "loading" } | ({ status: "ready" } & ArticleTools) | { status: "error" };

let loaded: ArticleTools | null = null;
let loading: Promise<ArticleTools> | null = null;

export function loadSanitizer(): Promise<ArticleTools> {
  loading ??= import("./sanitizeHtml").then(
    (module) => (loaded = { sanitize: module.sanitizeHtml, attachCopyButtons: module.attachCopyButtons }),
    (error: unknown) => {
      // A later render may try again (the chunk may be back after a deploy or reconnect).
      loading = null;
      throw error;
    },
  );
  return loading;
}

export function useSanitizer(): SanitizerState {
  const [state, setState] = useState<SanitizerState>(() => (loaded ? { status: "ready", ...loaded } : { status: "loading" }));
  useEffect(() => {
    if (state.status !== "loading") return;
    let live = true;
    loadSanitizer().then(
      (tools) => live && setState({ status: "ready", ...tools }),
      () => live && setState({ status: "error" }),
    );
    return () => {
      live = false;
    };
  }, [state.status]);
  return state;
}
