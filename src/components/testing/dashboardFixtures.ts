import { PANEL_ROWS } from "../../../convex/constants";
import type { StatsDimension } from "../../../convex/validators";
import type {
  BreakdownRow,
  DashboardBreakdown,
  DashboardSeries,
  DashboardSummary,
} from "../../pages/stats/dashboard/types";

/** Fixtures in the shapes of the #9 dashboard contract (convex/validators.ts), for component tests. */

export const DAY_MS = 24 * 60 * 60 * 1000;
export const SERIES_START = Date.UTC(2025, 2, 4);

export const summary: DashboardSummary = {
  current: {
    visitors: 1_234,
    visits: 1_600,
    views: 4_321,
    viewsPerVisit: 2.7,
    bounceRate: 0.42,
    visitDurationMs: 95_000,
  },
  previous: {
    visitors: 1_000,
    visits: 1_500,
    views: 4_000,
    viewsPerVisit: 2.67,
    bounceRate: 0.45,
    visitDurationMs: 90_000,
  },
  visitorsApproximate: true,
  sampleVisits: null,
  catchingUp: false,
};

const VISITORS = [120, 180, 150, 210, 260, 190, 124];

/** A bucket's counts from its visitors: 1.3 visits each, 3.4 views, 40% bounces, 50 s a visit. */
export const pointOf = (start: number, visitors: number) => {
  const visits = Math.round(visitors * 1.3);
  return { start, visitors, views: Math.round(visitors * 3.4), visits, bounces: Math.round(visits * 0.4), engagedMs: visits * 50_000 };
};

export const series: DashboardSeries = {
  granularity: "day",
  intervals: ["day"],
  timeZone: "UTC",
  points: VISITORS.map((visitors, i) => pointOf(SERIES_START + i * DAY_MS, visitors)),
  compare: "previous",
  previous: VISITORS.map((visitors, i) => pointOf(SERIES_START + (i - 7) * DAY_MS, visitors - 20)),
  published: [
    { start: SERIES_START + 3 * DAY_MS + 9 * 60 * 60 * 1000, slug: "live-stats", title: "How the live stats work" },
  ],
  visitorsApproximate: false,
  sampleVisits: null,
  catchingUp: false,
};

const row = (value: string, label: string, visitors: number, views: number): BreakdownRow => ({
  value,
  label,
  visitors,
  views,
  engagedMs: null,
  completion: null,
});

export const breakdowns: Record<StatsDimension, BreakdownRow[]> = {
  page: [
    { ...row("/live-stats", "How the live stats work", 640, 900), engagedMs: 184_000, completion: 0.61, scroll: 0.83 },
    { ...row("/", "Home", 520, 1_400), engagedMs: 21_000, completion: null },
    { ...row("/how-to-publish", "How to publish", 210, 260), engagedMs: 95_000, completion: 0.38 },
    { ...row("/about", "About", 80, 90), engagedMs: 12_500, completion: null },
  ],
  entry: [row("/live-stats", "How the live stats work", 600, 600), row("/", "Home", 480, 480)],
  exit: [row("/", "Home", 500, 500), row("/about", "About", 70, 70)],
  source: [
    row("", "Direct", 700, 2_100),
    row("Hacker News", "Hacker News", 400, 1_500),
    row("DuckDuckGo", "DuckDuckGo", 100, 300),
  ],
  channel: [row("", "Direct", 700, 2_100), row("Social", "Social", 400, 1_500), row("Search", "Search", 100, 300)],
  sourceHost: [
    row("", "Direct", 700, 2_100),
    row("news.ycombinator.com", "news.ycombinator.com", 400, 1_500),
    row("duckduckgo.com", "duckduckgo.com", 100, 300),
  ],
  utmSource: [row("newsletter", "newsletter", 150, 400), row("", "None", 1_084, 3_921)],
  utmMedium: [row("email", "email", 150, 400)],
  utmCampaign: [row("launch-week", "launch-week", 120, 330)],
  device: [
    row("desktop", "Desktop", 500, 1_900),
    row("mobile", "Mobile", 480, 1_500),
    row("laptop", "Laptop", 200, 700),
    row("tablet", "Tablet", 54, 221),
  ],
  browser: [
    row("Chrome", "Chrome", 700, 2_400),
    row("Safari", "Safari", 300, 1_000),
    row("Firefox", "Firefox", 234, 921),
  ],
  os: [
    row("Windows", "Windows", 400, 1_400),
    row("iOS", "iOS", 300, 1_000),
    row("Android", "Android", 250, 900),
    row("macOS", "macOS", 284, 1_021),
  ],
  country: [
    row("DE", "Germany", 400, 1_300),
    row("US", "United States", 380, 1_400),
    row("FR", "France", 120, 400),
    row("", "Unknown", 40, 90),
  ],
};

const answers = new Map<string, DashboardBreakdown>();

/** The breakdown for the asked dimension and limit, as the query answers it; the same object each time, as Convex's useQuery returns. */
export function breakdownFor(args: { dimension: StatsDimension; limit?: number }): DashboardBreakdown {
  const limit = args.limit ?? PANEL_ROWS;
  const key = `${args.dimension}|${limit}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    const rows = breakdowns[args.dimension];
    answer = { rows: rows.slice(0, limit), rowCount: rows.length, truncated: false, visitorsApproximate: false, sampleVisits: null, catchingUp: false };
    answers.set(key, answer);
  }
  return answer;
}
