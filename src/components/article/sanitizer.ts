// The sanitizer is loaded on demand: it weighs about as much as the rest of
// the post page's budget allows, and only posts and pages need it. SlugPage
// starts the load with the post's query, so it is usually there first.
import { useEffect, useState } from "react";

export type Sanitize = (html: string) => string;
export type SanitizerState = { status: "loading" } | { status: "ready"; sanitize: Sanitize } | { status: "error" };

let loaded: Sanitize | null = null;
let loading: Promise<Sanitize> | null = null;

export function loadSanitizer(): Promise<Sanitize> {
  loading ??= import("./sanitizeHtml").then(
    (module) => (loaded = module.sanitizeHtml),
    (error: unknown) => {
      // A later render may try again (the chunk may be back after a deploy or reconnect).
      loading = null;
      throw error;
    },
  );
  return loading;
}

export function useSanitizer(): SanitizerState {
  const [state, setState] = useState<SanitizerState>(() => (loaded ? { status: "ready", sanitize: loaded } : { status: "loading" }));
  useEffect(() => {
    if (state.status !== "loading") return;
    let live = true;
    loadSanitizer().then(
      (sanitize) => live && setState({ status: "ready", sanitize }),
      () => live && setState({ status: "error" }),
    );
    return () => {
      live = false;
    };
  }, [state.status]);
  return state;
}
