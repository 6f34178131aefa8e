import { isUuid } from "../../convex/stats.input";

export const SESSION_ID_KEY = "markdown-site:session-id";

/**
 * crypto.randomUUID exists only in secure contexts (https or localhost), but
 * getRandomValues works everywhere, so a plain-http deployment still gets a
 * proper v4 UUID.
 */
export function randomUuid(
  source: Pick<Crypto, "getRandomValues"> & Partial<Pick<Crypto, "randomUUID">> = crypto,
): string {
  if (typeof source.randomUUID === "function") return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface SessionIdSource {
  get(): string;
}

/**
 * Reading `window.localStorage` itself throws when storage is blocked, so the
 * storage comes through a getter. On any storage failure the id lives in
 * memory for the rest of this page load.
 */
export function createSessionIdSource(
  storage: () => Storage = () => window.localStorage,
  newId: () => string = randomUuid,
): SessionIdSource {
  let memoryId: string | null = null;
  return {
    get() {
      if (memoryId !== null) return memoryId;
      try {
        const store = storage();
        const saved = store.getItem(SESSION_ID_KEY);
        // Anything else in the slot would only be rejected by the server.
        if (saved !== null && isUuid(saved)) return saved;
        const id = newId();
        store.setItem(SESSION_ID_KEY, id);
        return id;
      } catch {
        memoryId = newId();
        return memoryId;
      }
    },
  };
}

/** One per page load, so every caller agrees on the id even without storage. */
export const sessionIds = createSessionIdSource();
