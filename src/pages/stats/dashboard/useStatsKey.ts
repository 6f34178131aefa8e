import { useCallback, useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";

export const STATS_KEY_STORAGE = "statsKey";

function readStored(): string | undefined {
  try {
    return localStorage.getItem(STATS_KEY_STORAGE) ?? undefined;
  } catch {
    return undefined;
  }
}

function store(key: string | undefined): void {
  try {
    if (key === undefined) localStorage.removeItem(STATS_KEY_STORAGE);
    else localStorage.setItem(STATS_KEY_STORAGE, key);
  } catch {
    // Blocked storage: the key lasts as long as this page.
  }
}

export interface StatsKey {
  /** The owner or share key for private mode; undefined until one is given. */
  key: string | undefined;
  setKey: (key: string) => void;
  /** Drops the stored key (it was refused); the page keeps it until a new one is given. */
  forgetStoredKey: () => void;
  /** "Forget the key in this browser": drops it from storage and from the page. */
  clearKey: () => void;
  /**
   * A `?key=` link's key that differs from the one this browser keeps: it
   * waits for the reader's choice instead of replacing it.
   */
  linkKey: string | undefined;
  /** Takes the link's key in place of the kept one. */
  acceptLinkKey: () => void;
  /** Keeps the browser's key; the link's key is dropped. */
  declineLinkKey: () => void;
}

/**
 * The private-mode key, asked once per browser: a `?key=` share link or the
 * prompt saves it in localStorage. The parameter is then removed from the
 * address bar, so the key is not passed on by copying the URL of a filtered view.
 *
 * A link never replaces a key this browser already keeps (a share link would
 * turn the owner read-only, a wrong key would have it forgotten): its key is
 * offered as `linkKey` until the reader chooses.
 */
export function useStatsKey(): StatsKey {
  const [search, setSearch] = useSearchParams();
  const fromUrl = search.get("key") || undefined;
  const [key, setKeyState] = useState<string | undefined>(() => readStored() ?? fromUrl);
  const [linkKey, setLinkKey] = useState<string | undefined>(() => {
    const stored = readStored();
    return stored !== undefined && fromUrl !== stored ? fromUrl : undefined;
  });
  // A link opened later in this tab: taken when the browser keeps no key, offered otherwise.
  if (fromUrl !== undefined && fromUrl !== key && fromUrl !== linkKey) {
    if (key === undefined) setKeyState(fromUrl);
    else setLinkKey(fromUrl);
  }

  useEffect(() => {
    if (fromUrl === undefined) return;
    const stored = readStored();
    if (stored === undefined) store(fromUrl);
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete("key");
        return next;
      },
      { replace: true },
    );
  }, [fromUrl, setSearch]);

  const setKey = useCallback((next: string) => {
    store(next);
    setKeyState(next);
  }, []);
  const forgetStoredKey = useCallback(() => store(undefined), []);
  const clearKey = useCallback(() => {
    store(undefined);
    setKeyState(undefined);
  }, []);
  const acceptLinkKey = useCallback(() => {
    if (linkKey !== undefined) setKey(linkKey);
    setLinkKey(undefined);
  }, [linkKey, setKey]);
  const declineLinkKey = useCallback(() => setLinkKey(undefined), []);
  return { key, setKey, forgetStoredKey, clearKey, linkKey, acceptLinkKey, declineLinkKey };
}
