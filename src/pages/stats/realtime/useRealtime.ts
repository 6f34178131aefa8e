import { REALTIME_MINUTE_MS } from "../../../../convex/realtime.window";
import { api } from "../../../../convex/_generated/api";
import { useKeptQuery } from "../dashboard/useKeptQuery";
import { useNow } from "../dashboard/useNow";
import { realtimeSince } from "./minutes";

/** The last 30 minutes, live: the window moves once a minute, every new view arrives through the subscription. */
export function useRealtime(statsKey: string | undefined) {
  const now = useNow(REALTIME_MINUTE_MS);
  const since = realtimeSince(now);
  const { data } = useKeptQuery(
    api.realtime.lastMinutes,
    statsKey === undefined ? { since } : { since, key: statsKey },
  );
  return { data, since };
}
