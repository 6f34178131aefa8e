import { useCallback, useEffect, useState } from "react";

export type CopyStatus = "idle" | "copied" | "failed";

/** How long "Copied" (or the failure) stays on screen before the line empties. */
export const COPY_STATUS_MS = 4000;

/** Copies text with the Clipboard API and says how it went, for a status line. */
export function useCopyText(): { status: CopyStatus; copy: (text: string) => Promise<CopyStatus> } {
  const [status, setStatus] = useState<CopyStatus>("idle");

  useEffect(() => {
    if (status === "idle") return;
    const timer = window.setTimeout(() => setStatus("idle"), COPY_STATUS_MS);
    return () => window.clearTimeout(timer);
  }, [status]);

  const copy = useCallback(async (text: string): Promise<CopyStatus> => {
    let next: CopyStatus;
    try {
      // Missing on insecure origins and old browsers; refused when permission is denied.
      if (navigator.clipboard === undefined) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      next = "copied";
    } catch {
      next = "failed";
    }
    setStatus(next);
    return next;
  }, []);

  return { status, copy };
}
