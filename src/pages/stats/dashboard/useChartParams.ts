import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import type { ChartInterval, CompareWith, CustomRange } from "../../../../convex/validators";
import { parseChartParams, writeChartParams, type ChartMetric, type ChartParams } from "./chartParams";

export interface ChartParamsApi extends ChartParams {
  setMetric: (metric: ChartMetric) => void;
  setInterval: (interval: ChartInterval) => void;
  setCompare: (compare: CompareWith) => void;
  /** Shows these days instead of the named range (and the range's own interval). */
  setCustom: (custom: CustomRange) => void;
}

/** The chart's metric, interval and comparison and a custom range, in the URL: Back undoes each. */
export function useChartParams(): ChartParamsApi {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => parseChartParams(search), [search]);
  const update = useCallback(
    (change: Partial<ChartParams>) => setSearch((current) => writeChartParams(current, { ...parseChartParams(current), ...change })),
    [setSearch],
  );
  return {
    ...params,
    setMetric: useCallback((metric) => update({ metric }), [update]),
    setInterval: useCallback((interval) => update({ interval }), [update]),
    setCompare: useCallback((compare) => update({ compare }), [update]),
    setCustom: useCallback((custom) => update({ custom, interval: null }), [update]),
  };
}
