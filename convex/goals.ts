import { MAX_GOAL_PATHS, MAX_SYNC_POSTS } from "./constants";
import { liveGeneration } from "./content.live";
import { query, type DatabaseReader } from "./_generated/server";
import { checkAccess } from "./dashboard.access";
import { headlineFor, Tails } from "./dashboard.figures";
import { loadSource, type ReadFilter, type Source } from "./dashboard.read";
import { argsSpan, isAllTime } from "./dashboard.interval";
import type { Span } from "./dashboard.range";
import { checkGoals, isPattern, linkMeetsGoal, matchesPattern, type Goal } from "./goals.check";
import { filteredLinkEvents } from "./links.filtered";
import { linkDaysIn } from "./links.read";
import { hashesOf } from "./links.store";
import { oldPathsOf } from "./stats.aliases";
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
 * written; a pattern goal's visitors are the union of its pages' sets, exact.
 * A link goal is read from the link rollup, or under filters from the link
 * events kept with their visit's context. Reads stay bounded: at most
 * MAX_GOAL_PATHS pages across all visit goals (past it, a goal is marked
 * approximate), MAX_LINK_DOCS link documents or MAX_FILTERED_LINK_EVENTS
 * events per kind, read once for all the goals of that kind.
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
    const links = new LinkReads(ctx.db, span, args.filters);
    const goals: GoalReport["goals"] = [];
    for (const goal of GOALS) {
      const figures =
        goal.kind === "visit"
          ? await visitFigures(ctx.db, source, isAllTime(args), span, args.filters, paths.get(goal.id) ?? { paths: [], cut: false })
          : await links.figures(goal);
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

/** A visit goal's pages: its path, or the site's pages its pattern matches, up to the shared cap. */
type GoalPages = { paths: string[]; cut: boolean };

/** The pages each visit goal is measured over; past MAX_GOAL_PATHS in all, a goal's pages are cut (and its figures marked). */
async function goalPaths(db: DatabaseReader, goals: Goal[]): Promise<Map<string, GoalPages>> {
  const result = new Map<string, GoalPages>();
  let budget = MAX_GOAL_PATHS;
  const visits = goals.filter((goal) => goal.kind === "visit");
  const known = visits.some((goal) => isPattern(goal.target)) ? await sitePaths(db) : [];
  for (const goal of visits) {
    const paths = isPattern(goal.target) ? known.filter((path) => matchesPattern(goal.target, path)) : [goal.target];
    const kept = paths.slice(0, Math.max(0, budget));
    budget -= kept.length;
    result.set(goal.id, { paths: kept, cut: kept.length < paths.length });
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
  { paths, cut }: GoalPages,
): Promise<{ visitors: number; conversions: number; approximate: boolean }> {
  const [first, ...rest] = paths;
  if (first === undefined) return { visitors: 0, conversions: 0, approximate: cut };
  // One page filter standing for all the goal's pages (and their old paths):
  // the dashboard merges their visitor sets, so a reader of two pages counts once.
  const old = await Promise.all(rest.map((path) => oldPathsOf(db, path)));
  const also = [...new Set([...rest, ...old.flat()])];
  const page: ReadFilter = also.length === 0 ? { dimension: "page", value: first } : { dimension: "page", value: first, also };
  // The goal's page replaces a page filter; it goes last so another filter's index is scanned.
  const others = filters.filter((f) => f.dimension !== "page");
  const figures = await headlineFor(db, new Tails(source), allTime, span, [...others, page]);
  return {
    visitors: figures.headline.visitors,
    conversions: figures.headline.views,
    approximate: cut || figures.visitorsApproximate || figures.sampleVisits !== null,
  };
}

type LinkKindOfGoal = "outbound" | "download";
type Figures = { visitors: number; conversions: number; approximate: boolean };

/**
 * Link goals' reads, once per kind however many goals share it: unfiltered,
 * the day documents; under filters, the events kept with their visit's
 * context (links.filtered.ts), which then answer every filter.
 */
class LinkReads {
  private readonly reads = new Map<LinkKindOfGoal, Promise<(goal: Goal) => Figures>>();
  constructor(
    private readonly db: DatabaseReader,
    private readonly span: Span,
    private readonly filters: StatsFilter[],
  ) {}

  figures(goal: Goal): Promise<Figures> {
    const kind: LinkKindOfGoal = goal.kind === "download" ? "download" : "outbound";
    let read = this.reads.get(kind);
    if (read === undefined) {
      read = this.filters.length === 0 ? this.days(kind) : this.events(kind);
      this.reads.set(kind, read);
    }
    return read.then((of) => of(goal));
  }

  private async days(kind: LinkKindOfGoal): Promise<(goal: Goal) => Figures> {
    const { docs, truncated } = await linkDaysIn(this.db, kind, this.span);
    return (goal) => {
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
    };
  }

  private async events(kind: LinkKindOfGoal): Promise<(goal: Goal) => Figures> {
    const { events, sample, contextFrom } = await filteredLinkEvents(this.db, kind, this.filters, this.span);
    return (goal) => {
      const kept = events.filter((event) => linkMeetsGoal(goal, event));
      const visitors = new Set(kept.flatMap((event) => (event.visitor === undefined ? [] : [event.visitor])));
      return { visitors: visitors.size, conversions: kept.length, approximate: sample !== null || contextFrom !== null };
    };
  }
}
