import { useCallback } from "react";
import { useSearchParams } from "react-router-dom";

/** One URL parameter of the dashboard's own (a goal, a drilled host): shared links keep it, Back undoes it. */
export function useSearchParam(name: string): [string | null, (value: string | null) => void] {
  const [search, setSearch] = useSearchParams();
  const set = useCallback(
    (value: string | null) =>
      setSearch((current) => {
        const next = new URLSearchParams(current);
        if (value === null) next.delete(name);
        else next.set(name, value);
        return next;
      }),
    [name, setSearch],
  );
  return [search.get(name), set];
}
