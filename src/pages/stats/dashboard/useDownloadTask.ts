import { useState } from "react";

/**
 * A download whose file is fetched and built when clicked: `busy` while that
 * runs (its button is disabled, so one click makes one file) and `failed` when
 * it threw, so the button can say the file was not made and let the reader retry.
 */
export function useDownloadTask<A extends unknown[]>(task: (...args: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const run = async (...args: A) => {
    setBusy(true);
    setFailed(false);
    try {
      await task(...args);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return { busy, failed, run };
}
