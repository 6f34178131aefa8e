import { useQuery } from "convex/react";
import { api } from "../../../convex/_generated/api";
import type { Stats } from "../../../convex/validators";

/**
 * getStats takes no arguments: the server keeps "Active Now" current on its
 * own (presence expiry), so one subscription stays live and is shared by
 * every open /stats tab.
 */
export function useLiveStats(key?: string): Stats | undefined {
  return useQuery(api.stats.getStats, key === undefined ? {} : { key });
}
