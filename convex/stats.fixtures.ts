// Shared by the stats tests and the benchmark (scripts/bench/stats.ts). Not a
// Convex module: the second dot in the name keeps the bundler away.
import type { TestConvex } from "convex-test";
import type { GenericMutationCtx, GenericQueryCtx } from "convex/server";
import { getDocumentSize, type Value } from "convex/values";
import type { DataModel, Doc } from "./_generated/dataModel";
import { applySync } from "./content";
import type schema from "./schema";
import { statsDimension, type Page, type PageType, type Post, type StatsDimension, type VisitContext } from "./validators";

export type StatsTest = TestConvex<typeof schema>;
type MutationCtx = GenericMutationCtx<DataModel>;
type QueryCtx = GenericQueryCtx<DataModel>;

/** Every dimension a /stats filter can pin, in the validator's order. */
export const FILTER_DIMENSIONS: StatsDimension[] = statsDimension.members.map((member) => member.value);

/**
 * Reader i's visit context, varied so that every filter matches some readers
 * and not others; `referrers` cycles by i (undefined: no referrer).
 */
export function variedContext(i: number, referrers: readonly (string | undefined)[]): VisitContext {
  const referrerHost = referrers[i % referrers.length];
  return {
    ...(referrerHost === undefined ? {} : { referrerHost }),
    ...(i % 2 === 0 ? { utmSource: "letter", utmMedium: "email", utmCampaign: `c${i % 4}` } : {}),
    device: i % 2 === 0 ? "mobile" : "desktop",
    browser: i % 3 === 0 ? "Firefox" : "Chrome",
    os: i % 2 === 0 ? "iOS" : "Linux",
    country: ["FR", "DE", "US"][i % 3]!,
  };
}

/** Each session's latest stored view: its visit, where a test has one visit per reader. */
export async function latestViewBySession(t: StatsTest): Promise<Map<string, Doc<"pageViews">>> {
  const views = await t.run((ctx) => ctx.db.query("pageViews").collect());
  return new Map(views.sort((a, b) => a.timestamp - b.timestamp).map((view) => [view.sessionId, view]));
}

/** A valid, distinct UUID for each n. */
export function sessionId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

export function post(slug: string, title: string, published = true): Post {
  return {
    slug,
    title,
    description: "",
    date: "2025-01-01",
    published,
    tags: [],
    readTime: "1 min read",
    content: "",
    html: "",
    contentHash: slug,
  };
}

export function page(slug: string, title: string, published = true): Page {
  return { slug, title, published, content: "", html: "", contentHash: slug };
}

/** Through the sync's own code, as `npm run sync` would write it. */
export async function seedContent(t: StatsTest, content: { posts?: Post[]; pages?: Page[] }) {
  await t.run((ctx) => applySync(ctx.db, { posts: content.posts ?? [], pages: content.pages ?? [] }));
}

export type SeedView = {
  path: string;
  pageType: PageType;
  sessionId: string;
  timestamp: number;
  newVisitor: boolean;
};

/**
 * Inserts views directly, `perCommit` to a transaction (all of one commit share
 * a commitTs, which the rollup must not split).
 */
export async function seedViews(
  t: StatsTest,
  views: SeedView[],
  perCommit = 5_000,
  onProgress?: (done: number) => void,
) {
  for (let i = 0; i < views.length; i += perCommit) {
    const chunk = views.slice(i, i + perCommit);
    await t.run(async (ctx) => {
      for (const view of chunk) {
        await ctx.db.insert("pageViews", { ...view, commitTs: ctx.db.vars.commitTs });
      }
    });
    onProgress?.(Math.min(i + perCommit, views.length));
  }
}

/** What the reference getStats would compute by reading every view. */
export function expectedViewStats(views: Pick<SeedView, "path" | "sessionId" | "timestamp">[]) {
  const perPath = new Map<string, number>();
  for (const view of views) perPath.set(view.path, (perPath.get(view.path) ?? 0) + 1);
  return {
    totalPageViews: views.length,
    uniqueVisitors: new Set(views.map((view) => view.sessionId)).size,
    trackingSince: views.length === 0 ? null : Math.min(...views.map((view) => view.timestamp)),
    perPath,
  };
}

export type Usage = {
  documentsRead: number;
  documentsWritten: number;
  indexRanges: number;
  bytesRead: number;
  bytesWritten: number;
  /** Ids of the documents this call inserted, patched, replaced or deleted. */
  writtenIds: string[];
};

/** One document written by a call: its table and its value before and after (null when absent). */
export type WriteRecord = { table: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null };

type Handler<Ctx, Args, Result> = (ctx: Ctx, args: Args) => Promise<Result>;

// Registered Convex functions keep their handler as `_handler` (convex/server
// registration_impl), which is also how convex-test calls them.
function handlerOf<Ctx, Args, Result>(fn: unknown): Handler<Ctx, Args, Result> {
  const handler = (fn as { _handler?: unknown })._handler;
  if (typeof handler !== "function") throw new Error("not a registered Convex function");
  return handler as Handler<Ctx, Args, Result>;
}

/**
 * Records the id of every document written through `db`, and with `docs` each
 * write's table and document before and after. Reading those documents counts
 * as reads, so only callers that need them (the presence benchmark) ask.
 */
function recordWrites(db: MutationCtx["db"], writtenIds: string[], docs?: WriteRecord[]): MutationCtx["db"] {
  type Id = Parameters<MutationCtx["db"]["get"]>[0];
  const read = async (id: unknown) =>
    docs === undefined ? null : ((await db.get(id as Id)) as Record<string, unknown> | null);
  return new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (prop === "insert") {
        return async (...args: unknown[]) => {
          const id = await method.apply(target, args);
          writtenIds.push(String(id));
          if (docs !== undefined) docs.push({ table: String(args[0]), before: null, after: await read(id) });
          return id;
        };
      }
      // Both the (table, id, ...) and the legacy (id, ...) call shapes.
      const idPosition = { patch: 3, replace: 3, delete: 2 }[String(prop)];
      if (idPosition !== undefined) {
        return async (...args: unknown[]) => {
          const modern = args.length === idPosition;
          const id = modern ? args[1] : args[0];
          writtenIds.push(String(id));
          const before = await read(id);
          const result = await method.apply(target, args);
          if (docs !== undefined) {
            docs.push({ table: modern ? String(args[0]) : "?", before, after: prop === "delete" ? null : await read(id) });
          }
          return result;
        };
      }
      return method.bind(target);
    },
  });
}

/**
 * Runs a registered mutation's handler in one convex-test transaction and
 * returns its result with the transaction's own metrics (the counters Convex's
 * limits are enforced on) and the ids it wrote.
 */
export async function measureMutation<Args, Result>(
  t: StatsTest,
  fn: unknown,
  args: Args,
  docs?: WriteRecord[],
): Promise<{ result: Result; usage: Usage }> {
  return await t.mutation(async (ctx) => {
    const writtenIds: string[] = [];
    const result = await handlerOf<MutationCtx, Args, Result>(fn)(
      { ...ctx, db: recordWrites(ctx.db, writtenIds, docs) },
      args,
    );
    const metrics = await ctx.meta.getTransactionMetrics();
    return {
      result,
      usage: {
        documentsRead: metrics.documentsRead.used,
        documentsWritten: metrics.documentsWritten.used,
        indexRanges: metrics.databaseQueries.used,
        bytesRead: metrics.bytesRead.used,
        bytesWritten: metrics.bytesWritten.used,
        writtenIds,
      },
    };
  });
}

/** Documents and bytes read from one table (bytes as Convex's `bytesRead` counts them), and the `value`s of those that have one (a visitor set's row). */
export type TableReads = Map<string, { docs: number; bytes: number; values: Set<string> }>;

const QUERY_RESULTS = new Set(["collect", "take", "first", "unique", "paginate"]);

/**
 * `db` that adds what each query and get returns to `into`, by table: where a
 * query's bytes go. Documents a `.filter` drops are not seen (Convex counts
 * them); the code measured reads through indexes.
 */
function countReads<Db extends QueryCtx["db"]>(db: Db, into: TableReads): Db {
  const add = (table: string, docs: unknown) => {
    const list = (Array.isArray(docs) ? docs : [docs]).filter((d): d is Record<string, Value> => d !== null && typeof d === "object");
    const entry = into.get(table) ?? { docs: 0, bytes: 0, values: new Set<string>() };
    for (const doc of list) {
      entry.docs++;
      entry.bytes += getDocumentSize(doc);
      if (typeof doc.value === "string") entry.values.add(doc.value);
    }
    into.set(table, entry);
  };
  const wrapQuery = (table: string, query: object): object =>
    new Proxy(query, {
      get(target, prop) {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== "function") return value;
        const method = value as (...args: unknown[]) => unknown;
        if (prop === Symbol.asyncIterator) {
          return () => {
            const iterator = method.apply(target) as AsyncIterator<unknown>;
            return {
              next: async () => {
                const step = await iterator.next();
                if (step.done !== true) add(table, step.value);
                return step;
              },
            };
          };
        }
        if (typeof prop === "string" && QUERY_RESULTS.has(prop)) {
          return async (...args: unknown[]) => {
            const result = await method.apply(target, args);
            add(table, prop === "paginate" ? (result as { page: unknown[] }).page : result);
            return result;
          };
        }
        return (...args: unknown[]) => {
          const next = method.apply(target, args);
          return typeof next === "object" && next !== null ? wrapQuery(table, next) : next;
        };
      },
    });
  return new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (prop === "query") return (table: string) => wrapQuery(table, method.call(target, table) as object);
      if (prop === "get") {
        return async (...args: unknown[]) => {
          const doc = await method.apply(target, args);
          add(args.length === 2 ? String(args[0]) : "(get by id)", doc);
          return doc;
        };
      }
      return method.bind(target);
    },
  });
}

export async function measureQuery<Args, Result>(
  t: StatsTest,
  fn: unknown,
  args: Args,
  /** Filled with the documents and bytes read per table. */
  byTable?: TableReads,
): Promise<{ result: Result; usage: Usage }> {
  return await t.query(async (ctx) => {
    const result = await handlerOf<QueryCtx, Args, Result>(fn)(byTable === undefined ? ctx : { ...ctx, db: countReads(ctx.db, byTable) }, args);
    const metrics = await ctx.meta.getTransactionMetrics();
    return {
      result,
      usage: {
        documentsRead: metrics.documentsRead.used,
        documentsWritten: 0,
        indexRanges: metrics.databaseQueries.used,
        bytesRead: metrics.bytesRead.used,
        bytesWritten: 0,
        writtenIds: [],
      },
    };
  });
}
