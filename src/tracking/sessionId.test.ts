import { beforeEach, describe, expect, it, vi } from "vitest";
import { createSessionIdSource, randomUuid, SESSION_ID_KEY } from "./sessionId";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("session id", () => {
  beforeEach(() => {
    localStorage.clear();
  });

  it("creates a UUID, stores it and reuses it", () => {
    const first = createSessionIdSource().get();
    expect(first).toMatch(UUID_V4);
    expect(localStorage.getItem(SESSION_ID_KEY)).toBe(first);
    // A new source stands for a later page load: the stored id survives it.
    expect(createSessionIdSource().get()).toBe(first);
  });

  it("replaces a stored value that is not a UUID", () => {
    localStorage.setItem(SESSION_ID_KEY, "not-a-uuid");
    const id = createSessionIdSource().get();
    expect(id).toMatch(UUID_V4);
    expect(localStorage.getItem(SESSION_ID_KEY)).toBe(id);
  });

  it("falls back to one in-memory id when storage is blocked", () => {
    const newId = vi.fn(randomUuid);
    const source = createSessionIdSource(() => {
      throw new DOMException("blocked", "SecurityError");
    }, newId);
    const id = source.get();
    expect(id).toMatch(UUID_V4);
    expect(source.get()).toBe(id);
    expect(newId).toHaveBeenCalledTimes(1);
  });

  it("falls back to memory when writing fails", () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
      },
    } as unknown as Storage;
    const source = createSessionIdSource(() => full);
    const id = source.get();
    expect(source.get()).toBe(id);
  });

  it("builds a v4 UUID without crypto.randomUUID (insecure contexts)", () => {
    const insecure = { getRandomValues: crypto.getRandomValues.bind(crypto) };
    const ids = new Set(Array.from({ length: 50 }, () => randomUuid(insecure)));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });
});
