// Node's setTimeout holds at most 2^31-1 ms (about 24.8 days); a longer delay
// fires after 1 ms. convex-test arms each scheduled function with one
// setTimeout for its whole delay, read from globalThis when the function is
// scheduled, so a post due in a month would be published at once. Installed
// in the backend's process, this lets such a timer wait in steps instead.

/** The longest single wait a Node timer can take. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

type SetTimeout = typeof globalThis.setTimeout;
type ClearTimeout = typeof globalThis.clearTimeout;
type Handle = ReturnType<SetTimeout>;

/** A timer longer than one Node timer: re-armed below the limit until its time. */
export class LongTimer {
  private current: Handle | null = null;
  private referenced = true;

  constructor(
    private readonly timers: { set: SetTimeout; clear: ClearTimeout },
    private readonly callback: () => void,
    private readonly dueAt: number,
  ) {
    this.arm();
  }

  private arm() {
    const wait = Math.max(0, this.dueAt - Date.now());
    this.current = this.timers.set(() => {
      this.current = null;
      // Clocks can lag a timer: wait again until the due time has truly come.
      if (this.dueAt > Date.now()) this.arm();
      else this.callback();
    }, Math.min(wait, MAX_TIMER_MS));
    if (!this.referenced) this.current.unref?.();
  }

  cancel() {
    if (this.current !== null) this.timers.clear(this.current);
    this.current = null;
  }

  ref() {
    this.referenced = true;
    this.current?.ref?.();
    return this;
  }

  unref() {
    this.referenced = false;
    this.current?.unref?.();
    return this;
  }

  hasRef() {
    return this.referenced;
  }
}

let installed: { set: SetTimeout; clear: ClearTimeout } | null = null;

/**
 * Replaces globalThis.setTimeout/clearTimeout with versions that wait any
 * length: delays up to MAX_TIMER_MS go to the timers that were installed
 * before (real or a test's fake ones), longer ones become a LongTimer.
 * Idempotent; returns the undo.
 */
export function installLongTimers(): () => void {
  if (installed !== null) return uninstallLongTimers;
  const timers = { set: globalThis.setTimeout, clear: globalThis.clearTimeout };
  installed = timers;
  const longSetTimeout = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const delay = Number(ms);
    if (!(delay > MAX_TIMER_MS)) return timers.set(callback, ms, ...args);
    return new LongTimer(timers, () => callback(...args), Date.now() + delay) as unknown as Handle;
  };
  const longClearTimeout = (handle: unknown) => {
    if (handle instanceof LongTimer) handle.cancel();
    else timers.clear(handle as Handle);
  };
  globalThis.setTimeout = Object.assign(longSetTimeout, timers.set) as unknown as SetTimeout;
  globalThis.clearTimeout = longClearTimeout as ClearTimeout;
  return uninstallLongTimers;
}

function uninstallLongTimers() {
  if (installed === null) return;
  globalThis.setTimeout = installed.set;
  globalThis.clearTimeout = installed.clear;
  installed = null;
}
