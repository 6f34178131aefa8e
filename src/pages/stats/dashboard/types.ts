import type { Infer } from "convex/values";
import type {
  breakdownRow,
  dashboardBreakdown,
  dashboardSeries,
  dashboardSummary,
  headline,
  CompareWith,
  CustomRange,
  StatsDimension,
  StatsFilter,
  StatsRange,
} from "../../../../convex/validators";

export type Headline = Infer<typeof headline>;
export type DashboardSummary = Infer<typeof dashboardSummary>;
export type DashboardSeries = Infer<typeof dashboardSeries>;
export type BreakdownRow = Infer<typeof breakdownRow>;
export type DashboardBreakdown = Infer<typeof dashboardBreakdown>;

/** The arguments every dashboard query shares (`dashboardArgs` in convex/validators.ts). */
export interface DashboardQueryArgs {
  range: StatsRange;
  anchor: number;
  filters: StatsFilter[];
  key?: string;
  custom?: CustomRange;
  compare?: CompareWith;
}

/** A panel's query: the dashboard's arguments and the tab's dimension (its row limit apart). */
export type PanelQueryArgs = DashboardQueryArgs & { dimension: StatsDimension };
