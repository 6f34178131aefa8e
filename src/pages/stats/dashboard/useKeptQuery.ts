import { useQuery } from "convex/react";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import { useState } from "react";

export interface Kept<T> {
  /** The latest result, or the previous one while new arguments load; undefined before the first. */
  data: T | undefined;
  /** True while `data` answers earlier arguments. */
  stale: boolean;
}

/**
 * useQuery that keeps the last answer on screen while a new range or filter
 * loads, so panels keep their size and the page does not jump; callers dim it.
 */
export function useKeptQuery<Query extends FunctionReference<"query">>(
  query: Query,
  args: FunctionArgs<Query>,
): Kept<FunctionReturnType<Query>> {
  const latest: FunctionReturnType<Query> | undefined = useQuery(query, args);
  const [kept, setKept] = useState(latest);
  if (latest !== undefined && latest !== kept) setKept(latest);
  return { data: latest ?? kept, stale: latest === undefined && kept !== undefined };
}
