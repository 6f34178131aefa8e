/** Runs `fn`, turning a synchronous throw into a rejection so one `.catch` handles both. */
export function attempt<T>(fn: () => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve) => resolve(fn()));
}

export type FailureReporter = (error: unknown) => void;

/**
 * Analytics must never get in the reader's way: an offline tab or a blocked
 * backend would otherwise print an error every 30 s. The first failure is
 * logged at debug level for whoever is investigating, the rest are dropped.
 */
export function createFailureReporter(
  log: (...args: unknown[]) => void = (...args) => console.debug(...args),
): FailureReporter {
  let reported = false;
  return (error) => {
    if (reported) return;
    reported = true;
    log("Page tracking failed; later failures are not logged.", error);
  };
}

export const reportTrackingFailure = createFailureReporter();
