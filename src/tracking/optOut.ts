// "Don't count my visits on this browser", kept apart from the tracker so the
// /stats switch does not load it.

export const OPT_OUT_KEY = "markdown-site:do-not-count";
/** Fired on this page when the switch changes; other tabs hear the storage event. */
export const TRACKING_CHANGE_EVENT = "markdown-site:tracking-change";

type StorageSource = () => Pick<Storage, "getItem" | "setItem" | "removeItem">;
const local: StorageSource = () => window.localStorage;

/** Blocked storage counts as not opted out: the switch could not have been set. */
export function isOptedOut(storage: StorageSource = local): boolean {
  try {
    return storage().getItem(OPT_OUT_KEY) === "1";
  } catch {
    return false;
  }
}

/** Returns whether the choice was stored (it cannot be when storage is blocked). */
export function setOptedOut(optedOut: boolean, storage: StorageSource = local): boolean {
  try {
    if (optedOut) storage().setItem(OPT_OUT_KEY, "1");
    else storage().removeItem(OPT_OUT_KEY);
  } catch {
    return false;
  }
  window.dispatchEvent(new Event(TRACKING_CHANGE_EVENT));
  return true;
}
