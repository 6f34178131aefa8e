// A renamed post's old paths (`aliases:`) in the dashboard's page, entry and
// exit panels: views recorded before the rename are stored under the old
// path, and count as the post's. Rows add up; visitors are a union of the
// values' sets, never a sum. See prds/stats.md, "Renamed posts".
// Imported by dashboard.figures.ts; the second dot keeps it from being a
// Convex module.
import type { DatabaseReader } from "./_generated/server";
import { addRow, emptyRow, type FoldView } from "./dashboard.fold";
import type { CellKey, FilteredEvents, ReadFilter } from "./dashboard.read";
import { shownViews } from "./dashboard.report";
import { oldPathsOf, renamedPaths } from "./stats.aliases";
import type { Published } from "./stats.published";
import type { RollupRow, StatsDimension } from "./validators";

/** Dimensions whose values are paths: a renamed post's old path counts as the post there. */
export const PATH_DIMENSIONS: ReadonlySet<StatsDimension> = new Set(["page", "entry", "exit"]);

/** A panel's rows with renamed posts' old paths added into the post's row, and the key that counts each row's visitors. */
type Renamed = { rows: Map<string, RollupRow>; keyOf: (value: string) => CellKey };

/**
 * Rows of a renamed post's old paths (stats.aliases.ts; most viewed first,
 * up to MAX_ALIAS_LOOKUPS) add up into the post's row, which the post then
 * labels. Visitors are no sum: `keyOf` lists the row's values, whose visitor
 * sets are merged, so a reader of both paths counts once.
 */
export async function withRenames(db: DatabaseReader, dimension: StatsDimension, merged: Map<string, RollupRow>, content: Published): Promise<Renamed> {
  const old = new Map<string, string[]>();
  const keyOf = (value: string): CellKey => {
    const also = old.get(value);
    return also === undefined ? { dimension, value } : { dimension, value, also };
  };
  if (!PATH_DIMENSIONS.has(dimension)) return { rows: merged, keyOf };
  const byViews = [...merged.values()].sort((a, b) => shownViews(dimension, b) - shownViews(dimension, a)).map((row) => row.value);
  const renamed = await renamedPaths(db, await content.generation(), byViews, content);
  if (renamed.size === 0) return { rows: merged, keyOf };
  const rows = new Map<string, RollupRow>();
  for (const row of merged.values()) {
    const value = renamed.get(row.value) ?? row.value;
    let into = rows.get(value);
    if (into === undefined) {
      into = emptyRow(value);
      rows.set(value, into);
    }
    addRow(into, row);
    if (value !== row.value) old.set(value, [...(old.get(value) ?? []), row.value]);
  }
  return { rows, keyOf };
}

/** Matching events with renamed posts' old paths (as page, previous page and entry page) replaced by the post's. */
export async function renameEvents(db: DatabaseReader, events: FilteredEvents, content: Published): Promise<FilteredEvents> {
  const seen = new Map<string, number>();
  const note = (path: string | null | undefined) => {
    if (path) seen.set(path, (seen.get(path) ?? 0) + 1);
  };
  for (const view of events.views) [view.path, view.prevPath, view.dims.entryPath].forEach(note);
  for (const event of events.engagements) [event.path, event.entryPath, ...(event.visitPaths ?? [])].forEach(note);
  const byCount = [...seen].sort((a, b) => b[1] - a[1]).map(([path]) => path);
  return withPaths(events, await renamedPaths(db, await content.generation(), byCount, content));
}

/**
 * The filters, each one on a published post's path (page, entry, exit) with
 * the post's old paths added to its `also` (which a caller may have set:
 * a goal's other matching pages, whose old paths it adds itself).
 */
export async function filtersWithOldPaths(db: DatabaseReader, filters: readonly ReadFilter[]): Promise<ReadFilter[]> {
  return await Promise.all(
    filters.map(async (filter) => {
      if (!PATH_DIMENSIONS.has(filter.dimension)) return filter;
      const old = await oldPathsOf(db, filter.value);
      const also = [...new Set([...(filter.also ?? []), ...old])].filter((path) => path !== filter.value);
      return also.length === 0 ? filter : { ...filter, also };
    }),
  );
}

/** The old paths `filters` stand for, mapped to their value. */
export function renamesOf(filters: ReadFilter[]): Map<string, string> {
  return new Map(filters.flatMap((filter) => (filter.also ?? []).map((old) => [old, filter.value] as const)));
}

/** Events with the paths in `renamed` (page, previous page, entry page, a report's visit pages) replaced. */
export function withPaths(events: FilteredEvents, renamed: Map<string, string>): FilteredEvents {
  if (renamed.size === 0) return events;
  const to = (path: string) => renamed.get(path) ?? path;
  const views = events.views.map(
    (view): FoldView => ({
      ...view,
      path: to(view.path),
      prevPath: view.prevPath === null ? null : to(view.prevPath),
      dims: { ...view.dims, entryPath: view.dims.entryPath === undefined ? undefined : to(view.dims.entryPath) },
    }),
  );
  const engagements = events.engagements.map((event) => ({
    ...event,
    path: to(event.path),
    entryPath: event.entryPath === undefined ? undefined : to(event.entryPath),
    ...(event.visitPaths === undefined ? {} : { visitPaths: [...new Set(event.visitPaths.map(to))] }),
  }));
  return { ...events, views, engagements };
}
