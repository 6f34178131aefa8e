import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import type { StatsDimension, StatsFilter, StatsRange } from "../../../../convex/validators";
import { parseParams, withFilter, withoutFilter, writeParams, type DashboardParams } from "./params";

export interface DashboardParamsApi extends DashboardParams {
  setRange: (range: StatsRange) => void;
  addFilter: (filter: StatsFilter) => void;
  removeFilter: (dimension: StatsDimension) => void;
  clearFilters: () => void;
}

/**
 * The range and filters live in the URL: a link shares the exact view, and
 * each change is a history entry, so Back undoes it.
 */
export function useDashboardParams(): DashboardParamsApi {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => parseParams(search), [search]);
  const update = useCallback(
    (change: (current: DashboardParams) => DashboardParams) =>
      setSearch((current) => writeParams(current, change(parseParams(current)))),
    [setSearch],
  );
  return {
    ...params,
    // A named range replaces custom days, and the interval chosen for the old range.
    setRange: useCallback(
      (range) =>
        setSearch((current) => {
          const next = writeParams(current, { ...parseParams(current), range });
          for (const key of ["from", "to", "interval"]) next.delete(key);
          return next;
        }),
      [setSearch],
    ),
    addFilter: useCallback((filter) => update((p) => ({ ...p, filters: withFilter(p.filters, filter) })), [update]),
    removeFilter: useCallback(
      (dimension) => update((p) => ({ ...p, filters: withoutFilter(p.filters, dimension) })),
      [update],
    ),
    clearFilters: useCallback(() => update((p) => ({ ...p, filters: [] })), [update]),
  };
}
