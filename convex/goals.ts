import { MAX_GOAL_PATHS, MAX_SYNC_POSTS } from "./constants";
import { liveGeneration } from "./content.live";
import { query, type DatabaseReader } from "./_generated/server";
import { checkAccess } from "./dashboard.access";
import { headlineFor, Tails } from "./dashboard.figures";
import { loadSource, type Source } from "./dashboard.read";
import { argsSpan, isAllTime } from "./dashboard.interval";
import type { Span } from "./dashboard.range";
import { checkGoals, isPattern, linkMeetsGoal, matchesPattern, type Goal } from "./goals.check";
import { linkDaysIn } from "./links.read";
import { hashesOf } from "./links.store";
import { FIXED_PAGES } from "./stats.input";
import goalsConfig from "../goals.config";
import { dashboardArgs, goalReport, type GoalReport, type StatsFilter } from "./validators";

// Checked when Convex loads this module: a bad goals.config.ts fails the deploy with its message.
const GOALS: Goal[] = checkGoals(goalsConfig);

const MAX_LISTED_PAGES = 100;

/**
 * Each goal's visitors, conversions and rate for the range and filters.
 * A visit goal is read from the dashboard's page cells (one per bucket and
 * page, and their visitor sets), so it counts views from before the goal was
 * written; a link goal from the link rollup. Reads stay bounded: at most
 * MAX_GOAL_PATHS pages across all visit goals, MAX_LINK_DOCS link documents per kind.
 */
export const report = query({
  args: dashboardArgs,
  returns: goalReport,
  handler: async (ctx, args) => {
    checkAccess(args.key);
    const source = await loadSource(ctx.db);
    const span = argsSpan(args, source.timeZone, source.state?.firstView ?? null);
    const total = await headlineFor(ctx.db, new Tails(source), isAllTime(args), span, args.filters);
    const visitors = total.headline.visitors;
    const paths = await goalPaths(ctx.db, GOALS);
    const goals: GoalReport["goals"] = [];
    for (const goal of GOALS) {
      const figures =
        goal.kind === "visit"
          ? await visitFigures(ctx.db, source, isAllTime(args), span, args.filters, paths.get(goal.id) ?? [])
          : await linkFigures(ctx.db, goal, span);
      goals.push({
        id: goal.id,
        name: goal.name,
        kind: goal.kind,
        target: goal.target,
        ...figures,
        rate: visitors === 0 ? null : Math.min(1, figures.visitors / visitors),
      });
    }
    return { visitors, goals };
  },
});

/** The pages each visit goal is measured over: its path, or the site's pages its pattern matches. */
async function goalPaths(db: DatabaseReader, goals: Goal[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  let budget = MAX_GOAL_PATHS;
  const visits = goals.filter((goal) => goal.kind === "visit");
  const known = visits.some((goal) => isPattern(goal.target)) ? await sitePaths(db) : [];
  for (const goal of visits) {
    const paths = isPattern(goal.target) ? known.filter((path) => matchesPattern(goal.target, path)) : [goal.target];
    const kept = paths.slice(0, Math.max(0, budget));
    budget -= kept.length;
    result.set(goal.id, kept);
  }
  return result;
}

async function sitePaths(db: DatabaseReader): Promise<string[]> {
  const generation = await liveGeneration(db);
  const [posts, pages] = await Promise.all([
    db
      .query("posts")
      .withIndex("by_generation_and_published_and_date", (q) => q.eq("generation", generation).eq("published", true))
      .order("desc")
      .take(MAX_SYNC_POSTS),
    db
      .query("pages")
      .withIndex("by_generation_and_published_and_order", (q) => q.eq("generation", generation).eq("published", true))
      .take(MAX_LISTED_PAGES),
  ]);
  return [...FIXED_PAGES.keys(), ...pages.map((p) => `/${p.slug}`), ...posts.map((p) => `/${p.slug}`)];
}

async function visitFigures(
  db: DatabaseReader,
  source: Source,
  allTime: boolean,
  span: Span,
  filters: StatsFilter[],
  paths: string[],
): Promise<{ visitors: number; conversions: number; approximate: boolean }> {
  // A page filter is replaced by the goal's page: the cells answer one page at a time.
  const others = filters.filter((f) => f.dimension !== "page");
  let visitors = 0;
  let conversions = 0;
  let approximate = paths.length > 1;
  for (const path of paths) {
    const figures = await headlineFor(db, new Tails(source), allTime, span, [...others, { dimension: "page", value: path }]);
    visitors += figures.headline.visitors;
    conversions += figures.headline.views;
    approximate ||= figures.visitorsApproximate || figures.sampleVisits !== null;
  }
  // A sum over several pages is an upper bound only once someone converted.
  return { visitors, conversions, approximate: approximate && visitors > 0 };
}

async function linkFigures(db: DatabaseReader, goal: Goal, span: Span): Promise<{ visitors: number; conversions: number; approximate: boolean }> {
  const { docs, truncated } = await linkDaysIn(db, goal.kind === "download" ? "download" : "outbound", span);
  const hashes = new Set<number>();
  let conversions = 0;
  let approximate = truncated;
  for (const doc of docs) {
    if (!linkMeetsGoal(goal, doc)) continue;
    conversions += doc.count;
    for (const hash of hashesOf(doc)) hashes.add(hash);
    approximate ||= doc.visitorsFull;
  }
  return { visitors: hashes.size, conversions, approximate };
}
