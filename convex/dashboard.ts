import { ConvexError, v } from "convex/values";
import { MAX_BREAKDOWN_ROWS, PANEL_ROWS } from "./constants";
import { liveGeneration } from "./content.live";
import { internal } from "./_generated/api";
import { internalMutation, query, type DatabaseReader, type MutationCtx } from "./_generated/server";
import { checkAccess, roleOf, settingsOf, shareLinkFor, siteTimeZone } from "./dashboard.access";
import { breakdownFor, headlineFor, seriesFor, Tails, usesTail } from "./dashboard.figures";
import { loadSource, type Source } from "./dashboard.read";
import { argsSpan, chartGroups, chosenInterval, comparedSpan, dayText, groupOf, hoursKept, isAllTime, previousCustom, yearBefore } from "./dashboard.interval";
import { previousSpan, type Span } from "./dashboard.range";
import {
  closeMonths,
  dropOldHours,
  ENGAGEMENT_BATCH,
  firstViewOf,
  foldEvents,
  MAX_CHAIN_DELAY_MS,
  nextBatch,
  readerOf,
  readState,
  rebuildIfZoneChanged,
  TAIL_TARGET,
  VIEW_BATCH,
  withinBucketBudget,
  writeFold,
  type BudgetRow,
} from "./dashboard.rollup";
import { buildNextSummary, dropOldSummaries } from "./dashboard.summary";
import { addBuckets, dayStartOf } from "./dashboard.time";
import {
  chartInterval,
  dashboardArgs,
  dashboardBreakdown,
  dashboardSeries,
  dashboardSettings,
  dashboardSummary,
  keyRole,
  shareLinkAnswer,
  statsDimension,
  type CompareWith,
  type CustomRange,
  type StatsFilter,
  type StatsRange,
} from "./validators";

// Each query reads a bounded number of documents whatever the number of
// views: bucket documents of the span (one per hour, day or month), the
// events not folded yet, and for page labels only the answered rows' own
// posts and pages (dashboard.labels.ts), whatever the number of posts. The
// caps live in dashboard.read.ts; reaching one sets `catchingUp`.

const MAX_MARKERS = 200;
const MAX_FILTER_VALUE_LENGTH = 512;

type DashboardArgs = { range: StatsRange; anchor: number; filters: StatsFilter[]; key?: string; custom?: CustomRange; compare?: CompareWith };

function checkArgs({ anchor, filters, key }: DashboardArgs): void {
  checkAccess(key);
  if (!Number.isSafeInteger(anchor) || anchor <= 0) {
    throw new ConvexError("anchor must be a positive integer number of milliseconds");
  }
  const seen = new Set<string>();
  for (const { dimension, value } of filters) {
    if (seen.has(dimension)) throw new ConvexError(`At most one filter per dimension; "${dimension}" is given twice`);
    seen.add(dimension);
    if (value.length > MAX_FILTER_VALUE_LENGTH) throw new ConvexError(`A filter value must be at most ${MAX_FILTER_VALUE_LENGTH} characters`);
  }
}

async function spansOf(db: DatabaseReader, args: DashboardArgs) {
  const source = await loadSource(db);
  const { timeZone } = source;
  const span = argsSpan(args, timeZone, source.state?.firstView ?? firstTailView(source));
  // The part-period the headline compares with (null for all time).
  const previous = args.custom === undefined ? previousSpan(args.range, span, args.anchor, timeZone) : previousCustom(span, args.anchor, timeZone);
  return { source, span, previous };
}

/** Posts published in the span, by their own date (publishAt, else the front-matter day in the site's zone). */
async function publishedIn(db: DatabaseReader, span: Span, timeZone: string): Promise<{ at: number; slug: string; title: string }[]> {
  const generation = await liveGeneration(db);
  const posts = await db
    .query("posts")
    .withIndex("by_generation_and_published_and_date", (q) =>
      q
        .eq("generation", generation)
        .eq("published", true)
        // A day's date sorts before its timed forms ("2026-03-01" < "2026-03-01T09:00"), so this covers both.
        .gte("date", dayText(addBuckets("day", span.start, -1, timeZone), timeZone))
        .lt("date", dayText(addBuckets("day", span.end, 1, timeZone), timeZone)),
    )
    .take(MAX_MARKERS);
  const marked = [];
  for (const post of posts) {
    const at = post.publishAt ?? dateOf(post.date, timeZone);
    if (at !== null && at >= span.start && at < span.end) marked.push({ at, slug: post.slug, title: post.title });
  }
  return marked;
}

function dateOf(date: string, timeZone: string): number | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (day) return dayStartOf(Number(day[1]), Number(day[2]), Number(day[3]), timeZone);
  const parsed = Date.parse(date);
  return Number.isFinite(parsed) ? parsed : null;
}

function firstTailView(source: Source): number | null {
  let first: number | null = null;
  for (const view of source.views) if (first === null || view.timestamp < first) first = view.timestamp;
  return first;
}

export const settings = query({
  args: {},
  returns: dashboardSettings,
  handler: async () => settingsOf(),
});

export const checkKey = query({
  args: { key: v.string() },
  returns: keyRole,
  handler: async (_ctx, { key }) => roleOf(key),
});

/** The read-only share key, for the owner's key only (see shareLinkFor). */
export const shareLink = query({
  args: { key: v.optional(v.string()) },
  returns: shareLinkAnswer,
  handler: async (_ctx, { key }) => shareLinkFor(key),
});

export const summary = query({
  args: dashboardArgs,
  returns: dashboardSummary,
  handler: async (ctx, args) => {
    checkArgs(args);
    const { source, span, previous: before } = await spansOf(ctx.db, args);
    const tails = new Tails(source);
    const current = await headlineFor(ctx.db, tails, isAllTime(args), span, args.filters);
    const compared = comparedSpan(args.compare ?? "previous", span, before, source.timeZone);
    const previous = compared === null ? null : await headlineFor(ctx.db, new Tails(source), false, compared, args.filters);
    return {
      current: current.headline,
      previous: previous?.headline ?? null,
      visitorsApproximate: current.visitorsApproximate,
      sampleVisits: current.sampleVisits,
      catchingUp: source.catchingUp && usesTail(args.filters, false),
    };
  },
});

export const series = query({
  args: { ...dashboardArgs, interval: v.optional(chartInterval) },
  returns: dashboardSeries,
  handler: async (ctx, args) => {
    checkArgs(args);
    const { source, span, previous: before } = await spansOf(ctx.db, args);
    const { timeZone } = source;
    const { interval, intervals } = chosenInterval(span, args.anchor, args.interval);
    const groups = chartGroups(interval, span, timeZone);
    const figures = await seriesFor(ctx.db, new Tails(source), span, groups, args.filters);
    const compare = args.compare ?? "previous";
    // The chart compares whole periods (all of yesterday next to today so far), not the headline's elapsed part.
    const whole = before === null ? null : compare === "year" ? yearBefore(span, timeZone) : { ...span, start: before.start, end: span.start };
    const comparable = whole !== null && compare !== "none" && (interval !== "hour" || hoursKept(whole, args.anchor));
    const previous = comparable ? await seriesFor(ctx.db, new Tails(source), whole, chartGroups(interval, whole, timeZone), args.filters) : null;
    const published = await publishedIn(ctx.db, span, timeZone);
    return {
      granularity: interval,
      intervals,
      timeZone,
      points: figures.points,
      compare,
      previous: previous?.points ?? null,
      published: published.map((p) => ({ start: groupOf(groups, p.at).start, slug: p.slug, title: p.title })),
      visitorsApproximate: figures.visitorsApproximate,
      sampleVisits: figures.sampleVisits,
      catchingUp: source.catchingUp && usesTail(args.filters, false),
    };
  },
});

/**
 * A panel's rows. A panel re-runs on every view, and counting a row's
 * visitors reads its sets, so it asks only for the rows it shows (`limit`,
 * default PANEL_ROWS); its "Show all" dialog and CSVs ask for all of them.
 */
export const breakdown = query({
  args: { ...dashboardArgs, dimension: statsDimension, limit: v.optional(v.number()) },
  returns: dashboardBreakdown,
  handler: async (ctx, args) => {
    checkArgs(args);
    const { limit = PANEL_ROWS } = args;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BREAKDOWN_ROWS) {
      throw new ConvexError(`limit must be a whole number of rows from 1 to ${MAX_BREAKDOWN_ROWS}`);
    }
    const { source, span } = await spansOf(ctx.db, args);
    const figures = await breakdownFor(ctx.db, new Tails(source), span, args.dimension, args.filters, limit);
    return { ...figures, catchingUp: source.catchingUp && usesTail(args.filters, true) };
  },
});

// ---------------------------------------------------------------------------
// Internal: the rollup.

/** A batch cut to the run's bucket budget; the watermark stops at the last commit kept. */
function budgeted<R extends BudgetRow>(
  batch: { rows: R[]; through: bigint | null; full: boolean },
  now: number,
): { rows: R[]; through: bigint | null; full: boolean } {
  const { rows, cut } = withinBucketBudget(batch.rows, now);
  if (!cut) return batch;
  return { rows, through: rows[rows.length - 1]!.commitTs as bigint, full: true };
}

/** The summaries' upkeep: drop last days', build the next missing one. */
async function summaries(ctx: MutationCtx, now: number, timeZone: string): Promise<void> {
  await dropOldSummaries(ctx, now, timeZone);
  await buildNextSummary(ctx, now, timeZone);
}

/**
 * Folds views and engagement events committed after the watermarks into the
 * bucket documents, a bounded batch per run. Existing deployments backfill
 * through the same runs: the first one starts at the oldest view, and while a
 * batch comes back full it reschedules itself at once. Under steady load it
 * runs again after the time TAIL_TARGET views took to arrive, so queries'
 * tails stay small at any view rate; the minute cron is the floor.
 */
export const rollup = internalMutation({
  args: { chain: v.optional(v.boolean()) },
  returns: v.null(),
  handler: async (ctx, { chain = false }) => {
    const now = Date.now();
    const state = await readState(ctx.db);
    // A chain of self-scheduled runs is due: the cron leaves the work to it.
    if (!chain && state !== null && state.chainUntil !== null && state.chainUntil > now) return null;
    if ((await rebuildIfZoneChanged(ctx, state)) !== "none") {
      await ctx.scheduler.runAfter(0, internal.dashboard.rollup, { chain: true });
      return null;
    }
    const timeZone = state?.timeZone ?? siteTimeZone();
    const snapshotTs = ctx.meta.getSnapshotTs();
    const views = budgeted(
      await nextBatch(readerOf(ctx.db, "pageViews"), state?.viewsWatermark ?? null, snapshotTs, VIEW_BATCH),
      now,
    );
    const engagements = budgeted(
      await nextBatch(readerOf(ctx.db, "engagements"), state?.engagementsWatermark ?? null, snapshotTs, ENGAGEMENT_BATCH),
      now,
    );
    if (views.rows.length === 0 && engagements.rows.length === 0) {
      // Nothing new: write nothing, so no subscriber re-runs, unless a chain
      // ends or a summary of closed days is due.
      if (state !== null) {
        await summaries(ctx, now, timeZone);
        const openMonth = await closeMonths(ctx, state.openMonth, now, timeZone);
        if (openMonth !== state.openMonth) await ctx.db.patch("dashboardRollupState", state._id, { openMonth });
      }
      if (chain && state !== null && state.chainUntil !== null) {
        await ctx.db.patch("dashboardRollupState", state._id, { chainUntil: null });
      }
      return null;
    }
    const openMonth = await closeMonths(ctx, state?.openMonth, now, timeZone);
    await writeFold(ctx, await foldEvents(ctx.db, views.rows, engagements.rows, timeZone, now), openMonth);
    await dropOldHours(ctx, now);
    // While backfilling, the days are not closed yet as far as the buckets go.
    if (!views.full && !engagements.full) await summaries(ctx, now, timeZone);

    let delay: number | null = null;
    if (views.full || engagements.full) delay = 0;
    else if (views.rows.length >= TAIL_TARGET && state?.lastRunAt != null) {
      delay = Math.min(MAX_CHAIN_DELAY_MS, Math.floor(((now - state.lastRunAt) * TAIL_TARGET) / views.rows.length));
    }
    const next = {
      viewsWatermark: views.through,
      engagementsWatermark: engagements.through,
      timeZone,
      firstView: firstViewOf(state, views.rows),
      lastRunAt: now,
      chainUntil: delay === null ? null : now + delay + MAX_CHAIN_DELAY_MS,
      openMonth,
    };
    if (state === null) await ctx.db.insert("dashboardRollupState", next);
    else await ctx.db.patch("dashboardRollupState", state._id, next);
    if (delay !== null) await ctx.scheduler.runAfter(delay, internal.dashboard.rollup, { chain: true });
    return null;
  },
});
