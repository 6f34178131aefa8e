import { useQuery } from "convex/react";
import { useState } from "react";
import { api } from "../../../convex/_generated/api";
import { STATS_TICK_MS } from "../../../convex/constants";
import type { Stats } from "../../../convex/validators";
import { useNow } from "./useNow";

/**
 * getStats takes a coarse `now` so "Active Now" drops departed visitors even
 * when nothing is written. Each tick is a new query that starts out
 * undefined; the last result stays on screen meanwhile instead of a loading
 * flash every STATS_TICK_MS.
 */
export function useLiveStats(key?: string): Stats | undefined {
  const now = useNow(STATS_TICK_MS);
  const latest: Stats | undefined = useQuery(api.stats.getStats, key === undefined ? { now } : { now, key });
  const [kept, setKept] = useState(latest);
  if (latest !== undefined && latest !== kept) setKept(latest);
  return latest ?? kept;
}
