import type { useQueries, useQuery } from "convex/react";
import { getFunctionName, type FunctionReference } from "convex/server";

/** Result per Convex function name ("posts:getBySlug"); a function receives the query's args. */
export type QueryResults = Record<string, unknown>;

/**
 * Panels of their own that every /stats page shows (writer insights): unless a
 * test names them, they stay loading, so a test about other panels need not.
 */
const LOADING_UNLESS_GIVEN: ReadonlySet<string> = new Set(["searchStats:terms", "feedStats:subscribers"]);

/**
 * A stand-in for `useQuery` answering by function name. `undefined` means still
 * loading, as in Convex; "skip" answers undefined; an unexpected query throws.
 */
export function fakeUseQuery(results: QueryResults): typeof useQuery {
  const fake = (ref: FunctionReference<"query">, args?: unknown) => {
    if (args === "skip") return undefined;
    const name = getFunctionName(ref);
    if (!(name in results)) {
      if (LOADING_UNLESS_GIVEN.has(name)) return undefined;
      throw new Error(`unexpected query ${name}`);
    }
    const result = results[name];
    return typeof result === "function" ? (result as (a: unknown) => unknown)(args) : result;
  };
  return fake as unknown as typeof useQuery;
}

/** A stand-in for `useQueries` answering each request as `fakeUseQuery` does. */
export function fakeUseQueries(results: QueryResults): typeof useQueries {
  const one = fakeUseQuery(results) as (ref: FunctionReference<"query">, args?: unknown) => unknown;
  const fake = (requests: Record<string, { query: FunctionReference<"query">; args: unknown }>) =>
    Object.fromEntries(Object.entries(requests).map(([key, { query, args }]) => [key, one(query, args)]));
  return fake as unknown as typeof useQueries;
}

/** Installs a clipboard whose writeText is the given mock. */
export function installClipboard(writeText: (text: string) => Promise<void>): void {
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
}
